#!/usr/bin/env python3
"""Splits an async-profiler collapsed profile of sequential APPENDs by thread and by step of the APPEND path.

  split.py FILE [N INTERVAL_US]   N APPENDs profiled, INTERVAL_US the sampling interval: with both (cpu event), the
                                  samples are also given as ms of CPU per APPEND

Threads are grouped by name without their numbers (boundedElastic-12 -> boundedElastic). A sample goes to the
first step whose pattern its stack matches (order below), so a step's figure excludes the steps listed before it.
"""
import collections, re, sys

STEPS = [
    ("segment force alongside (waited for)", r"ForceAlongside\.awaitStartedHere"),
    ("metadata file force (fdatasync)", r"MetadataDatabase\.forceFile"),
    ("H2 chunk (MVStore.commit)", r"MVStore\.commit"),
    ("segment force (fdatasync)", r"SegmentLog\.sync"),
    ("blobs (segment write, blob rows)", r"BlobCatalog"),
    ("message rows, UID/MODSEQ", r"EmbeddedMessageStore\.lambda\$append"),
    ("store write: in-memory commit, group force, order", r"NativeMessageMapper\.announced"),
    ("message read (IncomingMessage)", r"IncomingMessage"),
    ("quota", r"Quota"),
    ("rest of FolderAppend", r"FolderAppend"),
    ("Added event dispatch", r"LocalEventBus|InVmEventDelivery|OrderedAnnouncements"),
    ("command framing and decoding", r"ImapCommandFramer|CommandAssembler"),
    ("answer write", r"OrderedWrites|ChannelOutboundBuffer|flush0"),
    ("Reactor (other)", r"reactor/core"),
    ("idle (parked, epoll)", r"LockSupport\.park|Unsafe\.park|epoll_wait|EPoll\.wait|pthread_cond_wait|futex_wait"),
]

def main():
    path = sys.argv[1]
    per = None
    if len(sys.argv) == 4:
        per = int(sys.argv[3]) / 1000.0 / int(sys.argv[2])
    threads = collections.Counter()
    steps = collections.defaultdict(collections.Counter)
    total = 0
    for line in open(path):
        stack, n = line.rstrip().rsplit(" ", 1)
        n = int(n)
        total += n
        thread = re.sub(r"[-#]?\d+", "", stack.split(";")[0].split(" tid=")[0].lstrip("["))
        threads[thread] += n
        for name, pattern in STEPS:
            if re.search(pattern, stack):
                steps[thread][name] += n
                break
        else:
            steps[thread]["other"] += n
    print("samples %d" % total)
    for thread, n in threads.most_common(6):
        extra = " = %.3f ms per APPEND" % (n * per) if per else ""
        print("%-40s %5.1f %%%s" % (thread, 100.0 * n / total, extra))
        for name, m in steps[thread].most_common():
            if 100.0 * m / n >= 1:
                extra = "  %.3f ms" % (m * per) if per else ""
                print("    %-44s %5.1f %%%s" % (name, 100.0 * m / n, extra))

main()

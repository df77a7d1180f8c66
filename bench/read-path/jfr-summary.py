#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample) for issue 26's read path: each sample counted once
under the first category found walking its stack from the top (the leaf), and the hottest leaf frames.

Usage: jfr-summary.py FILE.jfr[,FILE2.jfr...] [TOP=25]
"""
import collections, re, subprocess, sys

# first match from the leaf upwards wins: the innermost layer a sample is in
CATEGORIES = [
    ("H2", "org.h2."),
    ("segment I/O (store.embedded)", "org.cpmmss.james.store.embedded."),
    ("store SPI (store.mailbox)", "org.cpmmss.james.store.mailbox."),
    ("mime4j", "org.apache.james.mime4j."),
    ("JDK I/O / NIO", "sun.nio."),
    ("cpm IMAP decorators", "org.cpmmss.james.imap."),
    ("James IMAP encoder", "org.apache.james.imap.encode."),
    ("James IMAP processors", "org.apache.james.imap.processor."),
    ("James IMAP other", "org.apache.james.imap."),
    ("James mailbox store", "org.apache.james.mailbox."),
    ("James events", "org.apache.james.events."),
    ("Netty", "io.netty."),
    ("Reactor", "reactor."),
    ("Guava/Guice", "com.google."),
    ("logging/MDC", "ch.qos.logback."),
    ("logging/MDC", "org.slf4j."),
    ("JDK", "java."),
    ("JDK", "jdk."),
    ("JDK", "sun."),
]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    text = "".join(subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", p],
                                  capture_output=True, text=True, check=True).stdout for p in path.split(","))
    cats, leaves, threads = collections.Counter(), collections.Counter(), collections.Counter()
    inclusive = collections.Counter()
    total = 0
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", event, re.M)
        if not frames:
            continue
        total += 1
        th = re.search(r'sampledThread = "([^"]*)"', event)
        threads[re.sub(r"[-#]?\d+", "", th.group(1)) if th else "?"] += 1
        leaves[frames[0]] += 1
        for f in set(frames):
            if f.startswith(("org.cpmmss.", "org.apache.james.", "org.h2.command.", "org.h2.jdbc.")):
                inclusive[f] += 1
        for name, prefix in CATEGORIES:
            if any(f.startswith(prefix) for f in frames):
                # innermost matching category: scan frames from the leaf
                break
        best = None
        for f in frames:
            for name, prefix in CATEGORIES:
                if f.startswith(prefix) and not prefix.startswith(("java.", "jdk.", "sun.")):
                    best = name
                    break
            if best:
                break
        cats[best or "JDK/other"] += 1
    print("%d CPU samples" % total)
    print("by innermost project/library layer:")
    for k, v in cats.most_common():
        print("  %5.1f %%  %s" % (100.0 * v / total, k))
    print("by thread:")
    for k, v in threads.most_common(6):
        print("  %5.1f %%  %s" % (100.0 * v / total, k))
    print("inclusive (samples with the method anywhere in the stack), project, James and H2 entry points:")
    for k, v in inclusive.most_common(top):
        print("  %5.1f %%  %s" % (100.0 * v / total, k))
    print("hottest leaf frames:")
    for k, v in leaves.most_common(top):
        print("  %5.1f %%  %s" % (100.0 * v / total, k))


if __name__ == "__main__":
    main()

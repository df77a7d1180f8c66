#!/usr/bin/env python3
"""Summarises `perf record -g` of a cpm-mss server under LMTP load (bench/ingest-lmtp/perf-profile.sh): the share of
all samples per thread (numbers stripped), per place (inclusive: a sample counts for every place in its stack, rows
overlap), per first place found (exclusive, sums to 100 %), the top self frames and the top inclusive Java frames.

usage: [THREAD=name-prefix] perf-summary.py perf.data [TOP=40]
(the JVM needs -XX:+PreserveFramePointer and `jcmd PID Compiler.perfmap` after the recording)
"""
import collections, os, re, subprocess, sys

PLACES = [  # (label, markers): a sample belongs to the place when one marker is in one of its frames
    ("LMTP door (RCPT/DATA handlers, Netty)", ("org.apache.james.protocols", "io.netty")),
    ("mailet container + pipeline (MailetContainerHandOver.handOver)", ("MailetContainerHandOver.handOver",)),
    ("ValidateCpmObject / CpmObjectInspector", ("ValidateCpmObject", "CpmObjectInspector")),
    ("RecordingGate", ("RecordingGate",)),
    ("ResolveConversationFolders", ("ResolveConversationFolders",)),
    ("user preferences read (MailboxUserPreferences)", ("MailboxUserPreferences",)),
    ("FileIntoConversation", ("FileIntoConversation",)),
    ("store append (EmbeddedMessageStore.append)", ("EmbeddedMessageStore.append",)),
    ("recorded keys (StoreRecordedState / EmbeddedRecordedKeys)", ("StoreRecordedState", "EmbeddedRecordedKeys")),
    ("project state DBs (org.cpmmss.james.state.H2*)", ("org.cpmmss.james.state.H2",)),
    ("H2 (any)", ("org.h2.",)),
    ("H2 chunk serialisation (MVStore.serializeAndStore / storeBuffer)", ("serializeAndStore", "storeBuffer", "serializeToBuffer")),
    ("LZF", ("CompressLZF",)),
    ("search indexer (SearchIndexer)", ("SearchIndexer",)),
    ("Lucene", ("org.apache.lucene",)),
    ("trigram/word tokenizers", ("TrigramTokenizer", "WordTokenizer")),
    ("James users lookup", ("org.apache.james.user", "JdbcUsersDao")),
    ("James event bus", ("org.apache.james.events",)),
    ("mime4j", ("org.apache.james.mime4j",)),
    ("javax.mail", ("javax.mail",)),
    ("Reactor", ("reactor.core",)),
    ("logback", ("ch.qos.logback",)),
    ("metrics", ("org.apache.james.metrics", "com.codahale")),
    ("GC", ("GCTask", "G1", "SerialHeap", "DefNewGeneration", "TenuredGeneration", "do_collection", "Collected")),
    ("JIT compiler", ("Compile", "C1_", "Compilation::")),
    ("kernel", ("[kernel",)),
]
FIRST = [  # exclusive: first match wins, in this order
    ("Lucene / text index", ("org.apache.lucene", "org.cpmmss.james.search.")),
    ("project state DBs", ("org.cpmmss.james.state.H2",)),
    ("recorded keys", ("StoreRecordedState", "EmbeddedRecordedKeys")),
    ("store append", ("EmbeddedMessageStore.append",)),
    ("H2 other (chunk writes, compaction, reads)", ("org.h2.",)),
    ("user preferences", ("MailboxUserPreferences",)),
    ("James users lookup", ("org.apache.james.user", "JdbcUsersDao")),
    ("cpm inspection", ("org.cpmmss.cpm.", "CpmObjectInspector", "ValidateCpmObject")),
    ("cpm pipeline steps", ("org.cpmmss.recording",)),
    ("cpm mailbox/store glue", ("org.cpmmss.james.mailbox", "org.cpmmss.james.store")),
    ("other cpm-mss", ("org.cpmmss",)),
    ("James mailbox", ("org.apache.james.mailbox",)),
    ("James mailet container", ("org.apache.james.mailetcontainer",)),
    ("James protocols (LMTP)", ("org.apache.james.protocols", "org.apache.james.smtpserver", "org.apache.james.lmtpserver")),
    ("mime4j / javax.mail", ("org.apache.james.mime4j", "javax.mail")),
    ("Netty", ("io.netty",)),
    ("GC", ("GCTask", "SerialHeap", "DefNewGeneration", "TenuredGeneration", "do_collection", "VM_GenCollect")),
    ("JIT compiler", ("Compile", "C1_", "Compilation::")),
]


def samples(path):
    text = subprocess.run(["perf", "script", "-i", path], capture_output=True, text=True).stdout
    for block in text.split("\n\n"):
        lines = [l for l in block.strip().split("\n") if l.strip()]
        if not lines:
            continue
        thread = re.sub(r"[-#]?\d+$", "", lines[0].split()[0])
        frames = []
        for l in lines[1:]:
            parts = l.strip().split(None, 1)
            if len(parts) == 2:
                sym = re.sub(r"\+0x[0-9a-f]+ ", " ", parts[1])
                frames.append(sym)
        yield thread, frames


def main():
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    threads = collections.Counter(); inc = collections.Counter(); first = collections.Counter()
    selfc = collections.Counter(); javainc = collections.Counter(); n = 0
    only = os.environ.get("THREAD")  # THREAD=prefix: only the samples of threads whose name starts with it
    for thread, frames in samples(sys.argv[1]):
        if only and not thread.startswith(only):
            continue
        n += 1
        threads[thread] += 1
        for label, marks in PLACES:
            if any(m in f for f in frames for m in marks):
                inc[label] += 1
        for label, marks in FIRST:
            if any(m in f for f in frames for m in marks):
                first[label] += 1
                break
        else:
            first["other (JDK, JVM runtime, kernel)"] += 1
        if frames:
            selfc[frames[0].split(" (")[0]] += 1
        seen = set()
        for f in frames:
            name = f.split(" (")[0]
            name = re.sub(r"^L?[a-z/]*?([a-zA-Z0-9_$]+)", r"\1", name) if False else name
            if ("org.cpmmss" in name or "org.apache.james" in name) and name not in seen:
                seen.add(name); javainc[name] += 1
    print("samples: %d" % n)
    print("\n| thread | share |\n|---|---|")
    for t, c in threads.most_common(15):
        print("| %s | %.1f %% |" % (t, 100.0 * c / n))
    print("\n| place (inclusive) | share |\n|---|---|")
    for label, _ in PLACES:
        if inc[label]:
            print("| %s | %.1f %% |" % (label, 100.0 * inc[label] / n))
    print("\n| first place in the stack (exclusive) | share |\n|---|---|")
    for label, c in first.most_common():
        print("| %s | %.1f %% |" % (label, 100.0 * c / n))
    print("\ntop self frames:")
    for f, c in selfc.most_common(top):
        print("  %5.1f %%  %s" % (100.0 * c / n, f[:160]))
    print("\ntop inclusive cpm-mss/James frames:")
    for f, c in javainc.most_common(top * 2):
        print("  %5.1f %%  %s" % (100.0 * c / n, f[:160]))


if __name__ == "__main__":
    main()

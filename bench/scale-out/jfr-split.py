#!/usr/bin/env python3
"""Where a node's CPU goes, from JFR recordings of bench/scale-out/run.sh (JFR_DIR=...).

usage: jfr-split.py FILE.jfr [FILE.jfr ...]
Reads the jdk.ExecutionSample events (`jfr print`), attributes each sample to the first frame from the top that
is not the JDK's own (java.*, jdk.*, sun.*, com.sun.*), grouped by library or cpm-mss package, and to its thread's
group; prints both as shares of all samples of the files given.
"""
import collections, re, subprocess, sys

GROUPS = [  # (prefix, label): first match wins
    ("org.postgresql.", "PostgreSQL JDBC driver"), ("com.zaxxer.hikari.", "HikariCP pool"),
    ("com.rabbitmq.", "RabbitMQ client"), ("reactor.rabbitmq.", "RabbitMQ client"),
    ("org.apache.james.events.", "James event bus"), ("com.fasterxml.jackson.", "JSON (event (de)serialisation)"),
    ("org.apache.activemq.", "ActiveMQ"), ("org.apache.lucene.", "Lucene"),
    ("org.apache.james.mime4j.", "mime4j parsing"), ("javax.mail.", "javax.mail"), ("jakarta.mail.", "javax.mail"),
    ("com.sun.mail.", "javax.mail"), ("io.netty.", "Netty I/O"), ("org.jboss.netty.", "Netty I/O"),
    ("org.cpmmss.james.search.", "cpm search indexing"), ("org.cpmmss.james.store.postgresql.", "cpm PostgreSQL store"),
    ("org.cpmmss.james.store.", "cpm store (mappers)"), ("org.cpmmss.james.state.", "cpm state stores"),
    ("org.cpmmss.recording.", "cpm recording pipeline"), ("org.cpmmss.", "cpm other"),
    ("org.apache.james.protocols.", "James protocols (LMTP/SMTP/IMAP)"),
    ("org.apache.james.mailbox.", "James mailbox"), ("org.apache.james.", "James other"),
    ("org.apache.openjpa.", "OpenJPA"), ("reactor.", "Reactor"), ("ch.qos.logback.", "logging"),
    ("org.slf4j.", "logging"), ("com.google.", "Guava"), ("org.apache.commons.", "Commons"),
]
JDK = ("java.", "jdk.", "sun.", "com.sun.", "javax.")
THREADS = [(r"^lmtp|LMTP", "LMTP handler threads"), (r"imap", "IMAP threads"), (r"[Hh]ikari", "HikariCP threads"),
           (r"rabbit|amqp", "RabbitMQ client threads"), (r"event|reactor|parallel|boundedElastic", "Reactor/event threads"),
           (r"search|index", "search indexer threads"), (r"ActiveMQ|spool|mailet|queue", "spool/mailet threads")]


def label(frame):
    for prefix, name in GROUPS:
        if frame.startswith(prefix):
            return name
    return "other: " + ".".join(frame.split(".")[:3])


def samples(path):
    text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                          check=True, capture_output=True, text=True).stdout
    for event in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        frames = [f.strip() for f in event.split("stackTrace = [", 1)[-1].split("\n")[1:] if f.strip() and f.strip() not in ("]", "}", "...")]
        yield (thread.group(1) if thread else "?"), frames


by_code, by_thread, total = collections.Counter(), collections.Counter(), 0
for path in sys.argv[1:]:
    for thread, frames in samples(path):
        total += 1
        own = next((f for f in frames if not f.startswith(JDK) or f.startswith(("javax.mail.",))), None)
        by_code[label(own) if own else "JDK only (" + (frames[0].split("(")[0] if frames else "?") + ")"] += 1
        by_thread[next((n for r, n in THREADS if re.search(r, thread)), "other: " + re.sub(r"[-#_ ]?\d+$", "", thread))] += 1
print("samples: %d (%s)" % (total, ", ".join(sys.argv[1:])))
for title, counter in (("by first non-JDK frame", by_code), ("by thread", by_thread)):
    print("\n| %s | share |\n|---|---|" % title)
    for name, n in counter.most_common(14):
        print("| %s | %.0f %% |" % (name, 100.0 * n / max(total, 1)))

#!/usr/bin/env python3
"""IMAP SEARCH latency on one large conversation folder (the text index's answers, issue 22's index layout).

Fills FOLDER with OBJECTS chat messages (4 APPEND connections; ordinary sentences from a small vocabulary, one word
in a thousand messages rare, every message with the folder's Conversation-ID and its own Contribution-ID), then times
each search key below ROUNDS times in one session, alternating the keys, and prints per key the median wall time,
the hits and the server's CPU per search (with --pid, from /proc).

  imap-search.py --port P [--user U --password W] [--objects 10000] [--rounds 7] [--pid JVM]

The keys: a word a third of the messages hold, a word ten messages hold, two common words in a row (their trigrams
are everywhere), one Contribution-ID (one hit), the Conversation-ID (every message), three characters (answered by
the index alone), a SUBJECT word, TEXT of a common word, and TEXT of the Conversation-ID (every header section holds
it: each message's header section is read and checked).
"""
import argparse, os, random, statistics, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "read-path"))
from phases import connect, jvm_cpu  # noqa: E402  (the read-path bench's IMAP login and /proc CPU reading)

WORDS = ("see you at the station tomorrow morning bring the tickets and some coffee please we can talk about the "
         "plans for the weekend trip with everyone in the group chat photos later").split()
CONVERSATION = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"


def contribution(i):
    return "c%07d-2f1c-4d7e-9a55-0b9e6c3d%04d" % (i, i % 10000)


def message(i):
    rnd = random.Random(i)
    words = [rnd.choice(WORDS) for _ in range(120)]
    if i % 3 == 0:
        words[rnd.randrange(len(words))] = "lighthouse"
    if i % 1000 == 7:
        words[rnd.randrange(len(words))] = "xylophone"
    head = ("From: tel:+15550001@bench.test\r\nTo: tel:+15550002@bench.test\r\nSubject: weekend %d\r\n"
            "Conversation-ID: %s\r\nContribution-ID: %s\r\nMessage-ID: <%d@bench.test>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" % (i % 50, CONVERSATION, contribution(i), i))
    return (head + " ".join(words) + "\r\n").encode()


def fill(a):
    first = connect(a)
    first.create('"%s"' % a.folder)
    first.logout()

    def appender(c):
        conn = connect(a)
        for i in range(c, a.objects, 4):
            assert conn.append('"%s"' % a.folder, None, None, message(i))[0] == "OK"
        conn.logout()

    appenders = [threading.Thread(target=appender, args=(c,)) for c in range(4)]
    [t.start() for t in appenders]
    [t.join() for t in appenders]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", default="alice@example.com")
    ap.add_argument("--password", default="pw")
    ap.add_argument("--folder", default="Search")
    ap.add_argument("--objects", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--pid", type=int, default=0)
    a = ap.parse_args()
    fill(a)
    keys = [
        ("BODY common word (1/3 of messages)", 'BODY "lighthouse"'),
        ("BODY rare word (10 messages)", 'BODY "xylophone"'),
        ("BODY two common words in a row", 'BODY "station tomorrow"'),
        ("HEADER Contribution-ID (1 hit)", 'HEADER Contribution-ID "%s"' % contribution(a.objects // 2)),
        ("HEADER Conversation-ID (every message)", 'HEADER Conversation-ID "%s"' % CONVERSATION),
        ("BODY three characters", 'BODY "xyl"'),
        ("SUBJECT word", 'SUBJECT "weekend 7"'),
        ("TEXT common word", 'TEXT "lighthouse"'),
        ("TEXT in every header section", 'TEXT "%s"' % CONVERSATION),
    ]
    m = connect(a)
    typ, _ = m.select('"%s"' % a.folder)
    assert typ == "OK"
    # the index catches up on the folder at the first search (read-your-writes): not timed
    m.uid("SEARCH", 'BODY "warm"')
    times = {k: [] for k, _ in keys}
    cpus = {k: [] for k, _ in keys}
    hits = {}
    for _ in range(a.rounds):
        for name, key in keys:
            c0 = jvm_cpu(a.pid)
            t0 = time.perf_counter()
            typ, data = m.uid("SEARCH", key)
            dt = time.perf_counter() - t0
            c1 = jvm_cpu(a.pid)
            assert typ == "OK", (key, data)
            found = data[0] or b""
            hits[name] = len(found.split())
            times[name].append(dt * 1000)
            cpus[name].append((c1 - c0) * 1000)
    m.logout()
    for name, _ in keys:
        print("SEARCH %-42s median %8.1f ms  (min %7.1f)  hits %5d  server CPU median %7.1f ms" % (
            name, statistics.median(times[name]), min(times[name]), hits[name], statistics.median(cpus[name])))


if __name__ == "__main__":
    main()

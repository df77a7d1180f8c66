#!/usr/bin/env python3
"""Issue 26: CHANGEDSINCE resyncs of the session whose SELECT cleared \\Recent on a whole folder.

A fresh folder is filled with N messages by 4 appenders (not timed); one session SELECTs it (CONDSTORE), which clears
\\Recent on all of them under one MODSEQ, the HIGHESTMODSEQ it reads; then, ROUNDS times, another session sets or
clears \\Seen on 1 % of the folder and the first one resyncs with `UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE h)`.
Prints the resync times (median, min, max, every round) and the lines each answer had. Works against Dovecot too.

Usage: recent-resync.py --port P [--user U --password W] [--folder F] [--objects 10000] [--rounds 40]
"""
import argparse, imaplib, re, socket, statistics, threading, time


def connect(a):
    m = imaplib.IMAP4("127.0.0.1", a.port)
    m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    m.login(a.user, a.password)
    return m


def fill(a, c, n):
    conn = connect(a)
    for i in range(n):
        head = b"Subject: bench\r\nFrom: tel:+15550001@bench.test\r\nMessage-ID: <%d.%d@bench.test>\r\n\r\n" % (c, i)
        typ, _ = conn.append('"%s"' % a.folder, None, None, head + b"x" * 900 + b"\r\n")
        assert typ == "OK"
    conn.logout()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", default="alice@example.com")
    ap.add_argument("--password", default="pw")
    ap.add_argument("--folder", default="RecentResync")
    ap.add_argument("--objects", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=40)
    a = ap.parse_args()
    m = connect(a)
    typ, _ = m.create('"%s"' % a.folder)
    assert typ == "OK", "the folder must be new (its messages \\Recent): pick another --folder"
    threads = [threading.Thread(target=fill, args=(a, c, a.objects // 4)) for c in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    typ, data = m._simple_command("SELECT", '"%s"' % a.folder, "(CONDSTORE)")
    assert typ == "OK", data
    m.state = "SELECTED"
    highest = int(re.search(rb"HIGHESTMODSEQ (\d+)", b" ".join(m.untagged_responses.get("OK", []))).group(1))
    exists = int(m.untagged_responses.get("EXISTS", [b"0"])[-1])
    m.untagged_responses.clear()
    other = connect(a)
    other.select('"%s"' % a.folder)
    changed = max(1, exists // 100)
    uids = ",".join(str(1 + i * (exists // changed)) for i in range(changed))
    times, lines = [], []
    for r in range(a.rounds):
        other.uid("STORE", uids, ("+" if r % 2 == 0 else "-") + "FLAGS.SILENT", "(\\Seen)")
        t = time.monotonic()
        typ, d = m.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % highest)
        times.append((time.monotonic() - t) * 1e3)
        assert typ == "OK"
        lines.append(sum(1 for x in d if x))
        m.untagged_responses.clear()
    other.logout()
    m.logout()
    print("recent-resync: %d messages, %d changed per round; resync median %.2f ms, min %.2f, max %.2f; lines %s"
          % (exists, changed, statistics.median(times), min(times), max(times), sorted(set(lines))))
    print("rounds (ms): " + " ".join("%.1f" % x for x in times))


if __name__ == "__main__":
    main()

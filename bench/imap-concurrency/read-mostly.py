#!/usr/bin/env python3
"""Several devices of one account reading at once (issue 26): fills INBOX with N messages (APPEND), then C
connections of the same user each SELECT INBOX once and send `UID FETCH <uid> (BODY.PEEK[])` for a random message
of the folder, one at a time, for SECS seconds. Prints the FETCHes answered OK in total and per second, and any
other answer. Writes nothing but the initial APPENDs.

    read-mostly.py HOST PORT USER PASSWORD [CLIENTS=5] [SECS=60] [MESSAGES=200]
"""
import imaplib
import random
import sys
import threading
import time


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    clients = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    secs = float(sys.argv[6]) if len(sys.argv) > 6 else 60
    messages = int(sys.argv[7]) if len(sys.argv) > 7 else 200
    filler = imaplib.IMAP4(host, port)
    filler.login(user, password)
    for i in range(messages):
        body = ("From: peer@example.net\r\nSubject: read %d\r\n\r\n" % i + "line of text\r\n" * 40).encode()
        filler.append("INBOX", None, None, body)
    filler.select("INBOX")
    typ, data = filler.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    filler.logout()
    counts = [0] * clients
    errors = []
    start = threading.Barrier(clients)

    def device(n):
        conn = imaplib.IMAP4(host, port)
        conn.login(user, password)
        conn.select("INBOX")
        rnd = random.Random(n)
        start.wait()
        end = time.monotonic() + secs
        while time.monotonic() < end:
            typ, data = conn.uid("FETCH", rnd.choice(uids).decode(), "(BODY.PEEK[])")
            if typ == "OK" and data and data[0] is not None:
                counts[n] += 1
            else:
                errors.append((typ, data))
        conn.logout()

    threads = [threading.Thread(target=device, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(counts)
    print("clients=%d secs=%g fetches=%d per_second=%.0f errors=%d" % (clients, secs, total, total / secs, len(errors)))
    for e in errors[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""FETCH framing check: two (or more) clients each FETCH every message of a folder one by one and check that
each answer is exactly `* n FETCH (... {size}` CRLF, the literal, `)` CRLF, then the tagged OK — nothing
reordered.

  bench/imap-profile/fetch-order-check.py PORT USER PASSWORD FOLDER [ROUNDS=20] [CLIENTS=2]

James 3.8.1's own literal write (a separate channel write) let the tail of a response and its tagged OK
overtake the literal once in 10,000-30,000 FETCHes on the 2-core VM (`* 37 FETCH (UID 37 BODY[] {1056}` arrived
after `)` and `f37 OK`); cpm-mss writes literals up to 1 MiB inside the response buffer (docs/imap-profile.md).
Exit status 1 when any answer is out of order.
"""
import re
import socket
import sys
import threading


def check(port, user, password, folder, bad):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = bytearray()

    def fill():
        d = s.recv(65536)
        if not d:
            raise EOFError("connection closed")
        buf.extend(d)

    def line():
        while b"\r\n" not in buf:
            fill()
        i = buf.index(b"\r\n") + 2
        out = bytes(buf[:i])
        del buf[:i]
        return out

    def exactly(k):
        while len(buf) < k:
            fill()
        out = bytes(buf[:k])
        del buf[:k]
        return out

    def command(tag, text):
        s.sendall(tag + b" " + text + b"\r\n")
        parts = []
        while True:
            ln = line()
            parts.append(ln)
            m = re.search(rb"\{(\d+)\}\r\n$", ln)
            if m:
                parts.append(exactly(int(m.group(1))))
            if ln.startswith(tag + b" "):
                return parts

    line()
    command(b"l", b'LOGIN "%s" "%s"' % (user.encode(), password.encode()))
    selected = command(b"s", b'EXAMINE "%s"' % folder.encode())
    exists = max(int(m.group(1)) for m in (re.match(rb"\* (\d+) EXISTS", x) for x in selected) if m)
    for n in range(1, exists + 1):
        tag = b"f%d" % n
        parts = command(tag, b"FETCH %d (BODY.PEEK[])" % n)
        if not (len(parts) == 4 and parts[0].startswith(b"* %d FETCH (" % n) and parts[2] == b")\r\n"
                and parts[3].startswith(tag + b" OK")):
            bad.append((n, [p[:80] for p in parts]))
            return
    command(b"z", b"LOGOUT")


def main():
    port, user, password, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    clients = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    bad = []
    for _ in range(rounds):
        threads = [threading.Thread(target=check, args=(port, user, password, folder, bad)) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    for n, parts in bad:
        print("out of order at message %d: %r" % (n, parts))
    print("fetch-order-check: %d rounds x %d clients, %d answers out of order" % (rounds, clients, len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

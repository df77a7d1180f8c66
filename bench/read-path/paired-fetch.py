#!/usr/bin/env python3
"""Issue 26: single-message UID FETCH n (BODY.PEEK[]) over consecutive UIDs, several servers taking turns by blocks
of 100 FETCHes (the order reversed every other block), so that all meet the same machine; raw sockets (no imaplib).
Prints each server's rate over its own blocks and, for a server given with a PID, its CPU per FETCH over them.

  paired-fetch.py N FIRST_UID FOLDER NAME:PORT:USER[:PID] ...    (password pw; FOLDER holds FIRST_UID..FIRST_UID+N-1
                                                                  on every server; EXAMINE, so nothing changes;
                                                                  loopback only)
e.g. paired-fetch.py 2000 1 Default/tel:+15550003 dovecot:61805:bench@bench.test old:61700:alice@example.com:4242
"""
import os, re, socket, sys, time


def cpu(pid):
    if not pid:
        return 0
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


class Conn:
    def __init__(self, spec):
        parts = spec.split(":")
        self.name, self.port, self.user = parts[0], int(parts[1]), parts[2]
        self.pid = int(parts[3]) if len(parts) > 3 else 0
        self.s = socket.create_connection(("127.0.0.1", self.port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb")
        self.f.readline()
        self.spent = self.cpu = 0.0

    def cmd(self, tag, line):
        self.s.sendall(("%s %s\r\n" % (tag, line)).encode())
        while True:
            got = self.f.readline()
            m = re.search(rb"\{(\d+)\}\r\n$", got)
            if m:
                self.f.read(int(m.group(1)))
            if got.startswith(tag.encode() + b" "):
                assert got.split()[1] == b"OK", got
                return got


n, first, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
servers = [Conn(spec) for spec in sys.argv[4:]]
for c in servers:
    c.cmd("a", "LOGIN %s pw" % c.user)
    c.cmd("b", 'EXAMINE "%s"' % folder)
for b in range(n // 100):
    for c in (servers if b % 2 == 0 else servers[::-1]):
        c0, t = cpu(c.pid), time.monotonic()
        for uid in range(first + b * 100, first + b * 100 + 100):
            c.cmd("x", "UID FETCH %d (BODY.PEEK[])" % uid)
        c.spent += time.monotonic() - t
        c.cpu += cpu(c.pid) - c0
done = n // 100 * 100
print("  ".join("%s %.0f FETCH/s%s" % (c.name, done / c.spent, ", CPU %.3f ms" % (c.cpu * 1e3 / done) if c.pid else "")
                for c in servers))

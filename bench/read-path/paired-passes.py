#!/usr/bin/env python3
"""Issue 26: a device's header pass and body pass over a whole folder on several servers in turn, the order reversed
every other round; raw sockets (no imaplib). Prints each server's median wall time per pass and, for a server given
with a PID, its CPU per pass.

  paired-passes.py ROUNDS FOLDER NAME:PORT:USER[:PID] ...   (password pw; EXAMINE, so nothing changes; loopback only)
e.g. paired-passes.py 4 Default/tel:+15550003 dovecot:61805:bench@bench.test c1:61700:alice@example.com:4242
"""
import os, re, socket, sys, time


def cpu(pid):
    if not pid: return 0
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
class C:
    def __init__(s, spec):
        p = spec.split(":"); s.name, s.port, s.user = p[0], int(p[1]), p[2]; s.pid = int(p[3]) if len(p) > 3 else 0
        s.s = socket.create_connection(("127.0.0.1", s.port)); s.f = s.s.makefile("rb"); s.f.readline(); s.t = {"h": [], "b": []}; s.c = {"h": 0, "b": 0}
    def cmd(s, tag, line):
        s.s.sendall(("%s %s\r\n" % (tag, line)).encode())
        while True:
            g = s.f.readline(); m = re.search(rb"\{(\d+)\}\r\n$", g)
            if m: s.f.read(int(m.group(1)))
            if g.startswith(tag.encode() + b" "): assert g.split()[1] == b"OK", g; return
rounds, folder = int(sys.argv[1]), sys.argv[2]
cs = [C(x) for x in sys.argv[3:]]
for c in cs: c.cmd("a", "LOGIN %s pw" % c.user); c.cmd("b", 'EXAMINE "%s"' % folder)
Q = {"h": "UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])", "b": "UID FETCH 1:* (BODY.PEEK[])"}
for r in range(rounds):
    for c in (cs if r % 2 == 0 else cs[::-1]):
        for k in "hb":
            c0 = cpu(c.pid); t = time.monotonic(); c.cmd("x", Q[k]); c.t[k].append(time.monotonic() - t); c.c[k] += cpu(c.pid) - c0
med = lambda v: sorted(v)[len(v) // 2]
print("  ".join("%s header %.1f ms body %.1f ms%s" % (c.name, med(c.t["h"]) * 1e3, med(c.t["b"]) * 1e3,
      " (CPU/pass %.0f/%.0f ms)" % (c.c["h"] * 1e3 / rounds, c.c["b"] * 1e3 / rounds) if c.pid else "") for c in cs))

#!/usr/bin/env python3
"""Issue 26: the harness's (a) pattern through a raw socket: N APPENDs of ~1 KiB into a new folder, then a
UID FETCH n (BODY.PEEK[]) of each just appended, timed, with the server's CPU per FETCH.

  append-then-fetch.py PORT USER PID N   PID as single-fetch.py; password pw; loopback only
"""
import socket, sys, time, re, statistics, os, subprocess
def cpu(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
port, user, pid, N = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.recv(4096)
f = s.makefile("rb")
def cmd(tag, c, lit=None):
    s.sendall(("%s %s\r\n" % (tag, c)).encode() if lit is None else ("%s %s {%d+}\r\n" % (tag, c, len(lit))).encode() + lit + b"\r\n")
    out = b""
    while True:
        l = f.readline(); out += l
        m = re.search(rb"\{(\d+)\}\r\n$", l)
        if m: f.read(int(m.group(1)))
        if l.startswith(tag.encode() + b" "): return out
cmd("a1", "LOGIN %s pw" % user)
if pid == 0:
    pid = int(subprocess.run(["pgrep", "-n", "-x", "imap"], capture_output=True, text=True).stdout.split()[0])
box = "af%d" % int(time.time() * 1000)
cmd("a0", "CREATE " + box)
body = b"x" * 900; uids = []
for i in range(N):
    msg = b"Subject: ap %d\r\nMessage-ID: <%d.%f@x>\r\n\r\n" % (i, i, time.time()) + body + b"\r\n"
    r = cmd("x", "APPEND " + box, msg)
    m = re.search(rb"APPENDUID \d+ (\d+)", r); uids.append(int(m.group(1)) if m else i + 1)
cmd("s", "SELECT " + box)
c0 = cpu(pid); t0 = time.monotonic(); L = []
for u in uids:
    t = time.monotonic(); cmd("f", "UID FETCH %d (BODY.PEEK[])" % u); L.append(time.monotonic() - t)
el = time.monotonic() - t0; c1 = cpu(pid)
print("%d FETCH/s, median %.3f ms, server CPU %.3f ms/FETCH" % (N / el, statistics.median(L) * 1e3, (c1 - c0) * 1e3 / N))

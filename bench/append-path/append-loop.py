#!/usr/bin/env python3
"""Sequential 1 KiB APPENDs (LITERAL+) into folder "apb" through a raw socket, with the server's CPU per APPEND.

  append-loop.py PORT USER PID N   PID of the server (0: the newest Dovecot "imap" process); password pw; loopback only
"""
import socket, sys, time, re, statistics, os
def cpu(pid):
    if not pid: return 0
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
port, user, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]); N = int(sys.argv[4])
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.recv(4096)
f = s.makefile("rb")
def cmd(tag, c, lit=None):
    s.sendall(("%s %s\r\n" % (tag, c)).encode() if lit is None else ("%s %s {%d+}\r\n" % (tag, c, len(lit))).encode() + lit + b"\r\n")
    while True:
        l = f.readline()
        if l.startswith(tag.encode() + b" "): return l
cmd("a1", "LOGIN %s pw" % user); cmd("a0", "CREATE apb")
if pid == 0:
    import subprocess
    pid = int(subprocess.run(["pgrep", "-n", "-x", "imap"], capture_output=True, text=True).stdout.split()[0])
body = b"x" * 900
L = []; c0 = cpu(pid); t0 = time.monotonic()
for i in range(N):
    msg = b"Subject: ap %d\r\nMessage-ID: <%d.%f@x>\r\n\r\n" % (i, i, time.time()) + body + b"\r\n"
    t = time.monotonic(); r = cmd("x", "APPEND apb", msg); L.append(time.monotonic() - t)
    assert b"OK" in r, r
el = time.monotonic() - t0; c1 = cpu(pid)
print("%d APPEND/s, median %.2f ms, server CPU %.2f ms/APPEND" % (N / el, statistics.median(L) * 1e3, (c1 - c0) * 1e3 / N))

#!/usr/bin/env python3
"""Issue 26: single-message UID FETCH n (BODY.PEEK[]) in a loop through a raw socket, with the server's CPU per FETCH.

  single-fetch.py PORT USER PID [N]   PID of the server (0: the newest Dovecot "imap" process, found after LOGIN);
                                      UIDs 1+(i+OFF) % 9000 of "Default/tel:+15550003" (OFF from the environment);
                                      password pw; loopback only
"""
import socket, sys, time, re, statistics, os
def cpu(pid):
    if not pid: return 0
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
port, user, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
N = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.recv(4096)
f = s.makefile("rb")
def cmd(tag, c):
    s.sendall(("%s %s\r\n" % (tag, c)).encode())
    while True:
        l = f.readline()
        m = re.search(rb"\{(\d+)\}\r\n$", l)
        if m: f.read(int(m.group(1)))
        if l.startswith(tag.encode() + b" "): return l
cmd("a1", "LOGIN %s pw" % user); cmd("a2", 'SELECT "Default/tel:+15550003"')
if pid == 0:
    import subprocess
    pid = int(subprocess.run(["pgrep", "-n", "-x", "imap"], capture_output=True, text=True).stdout.split()[0])
for u in range(1, 300): cmd("w", "UID FETCH %d (BODY.PEEK[])" % u)
c0 = cpu(pid); t0 = time.monotonic(); L = []
for i in range(N):
    t = time.monotonic(); cmd("x", "UID FETCH %d (BODY.PEEK[])" % (1 + (i + int(os.environ.get("OFF", "0"))) % 9000)); L.append(time.monotonic() - t)
el = time.monotonic() - t0; c1 = cpu(pid)
print("%d FETCH/s, median %.3f ms, server CPU %.3f ms/FETCH" % (N / el, statistics.median(L) * 1e3, (c1 - c0) * 1e3 / N))

#!/usr/bin/env python3
"""UID COPY of 100 scattered UIDs (1, 101, ...) of "Default/tel:+15550003" into a new folder, N times, with the
server's CPU per COPY.

  copy-rounds.py PORT USER PID N   PID as single-fetch.py; password pw; loopback only
"""
import socket, sys, time, re, statistics, os, subprocess
def cpu(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
port, user, pid, N = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.recv(4096)
f = s.makefile("rb")
def cmd(tag, c):
    s.sendall(("%s %s\r\n" % (tag, c)).encode())
    while True:
        l = f.readline()
        if l.startswith(tag.encode() + b" "): return l
cmd("a1", "LOGIN %s pw" % user); cmd("a2", 'SELECT "Default/tel:+15550003"')
if pid == 0:
    pid = int(subprocess.run(["pgrep", "-n", "-x", "imap"], capture_output=True, text=True).stdout.split()[0])
box = "cp%d" % int(time.time() * 1000); cmd("a3", "CREATE " + box)
uids = ",".join(str(1 + i * 100) for i in range(100))
L = []; c0 = cpu(pid)
for i in range(N):
    t = time.monotonic(); r = cmd("c", "UID COPY %s %s" % (uids, box)); L.append(time.monotonic() - t)
    assert b"OK" in r, r
c1 = cpu(pid)
print("COPY of 100: median %.2f ms, server CPU %.2f ms/COPY (during the loop)" % (statistics.median(L) * 1e3, (c1 - c0) * 1e3 / N))

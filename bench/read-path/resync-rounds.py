#!/usr/bin/env python3
"""Issue 26: the CHANGEDSINCE resync, one round at a time, through a raw socket (no imaplib parse in the timing).
Session b (selected) sets/clears \\Seen on 100 scattered UIDs (1, 101, 201, ...) with UID STORE ...FLAGS.SILENT; session a
(selected with CONDSTORE at the start) then sends UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m), m its SELECT's
HIGHESTMODSEQ, and waits for the tagged OK (100 answers + 100 flag updates). Prints the medians of the time to the
first byte and to the tagged OK, and (with PID=server pid in the environment) the server's CPU per round.

  resync-rounds.py PORT USER ROUNDS [SLEEP]     (password pw; folder "Default/tel:+15550003", filled beforehand by
                                                 phases.py --objects 10000; loopback only)
"""
import socket, sys, time, re, statistics
def conn(port):
    s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.recv(4096); return s
def cmd(s, tag, c, trace=None):
    t0 = time.monotonic()
    s.sendall(("%s %s\r\n" % (tag, c)).encode())
    buf = b""; first = None; chunks = 0
    end = ("\r\n%s " % tag).encode()
    while True:
        d = s.recv(1 << 20)
        chunks += 1
        if first is None: first = time.monotonic() - t0
        buf += d
        i = buf.find(end)
        if buf.startswith(tag.encode() + b" ") or (i >= 0 and buf.endswith(b"\r\n")):
            return buf, first, time.monotonic() - t0, chunks
port, user = int(sys.argv[1]), sys.argv[2]
folder = '"Default/tel:+15550003"'
a = conn(port); b = conn(port)
cmd(a, "a1", "LOGIN %s pw" % user); cmd(b, "b1", "LOGIN %s pw" % user)
r = cmd(a, "a2", "SELECT %s (CONDSTORE)" % folder)[0]
hm = int(re.search(rb"HIGHESTMODSEQ (\d+)", r).group(1))
cmd(b, "b2", "SELECT %s" % folder)
uids = ",".join(str(1 + i*100) for i in range(100))
import os
def cpu(pid):
    if not pid: return 0
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
PID = int(os.environ.get("PID", "0"))
c0 = cpu(PID)
F=[];T=[];C=[]
for rnd in range(int(sys.argv[3])):
    cmd(b, "b3", "UID STORE %s %sFLAGS.SILENT (\\Seen)" % (uids, "+-"[rnd % 2]))
    time.sleep(float(sys.argv[4]) if len(sys.argv) > 4 else 0)
    out, first, tot, ch = cmd(a, "a3", "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE %d)" % hm)
    F.append(first*1e3); T.append(tot*1e3); C.append(ch)
print("cpu/round %.2f ms, " % ((cpu(PID)-c0)*1e3/len(T)), end="")
print("first byte median %.2f ms, total median %.2f ms, recv calls median %d" % (statistics.median(F), statistics.median(T), statistics.median(C)))

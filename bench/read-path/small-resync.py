#!/usr/bin/env python3
"""Issue 26: the CHANGEDSINCE resync of a small conversation through a raw socket: session b sets/clears \\Seen on
CHANGED scattered UIDs, session a then sends UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m); median time of the FETCH and
(with PID=server pid in the environment) the server's CPU per round (STORE + FETCH). The folder is filled to N first.

  small-resync.py PORT USER FOLDER N CHANGED ROUNDS     (password pw; loopback only)
"""
import socket, sys, time, re, statistics, os, imaplib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness")); import harness
port, user, folder, n, changed, rounds = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
pid = int(os.environ.get("PID", "0"))
harness.USER = user
m = harness.connect(port); harness.ensure_mailbox(m, "Default"); harness.ensure_mailbox(m, folder)
typ, d = m.select('"%s"' % folder); have = int(d[0])
for i in range(have, n): m.append('"%s"' % folder, None, None, harness.message(i, 9))
harness.logout(m)
def conn():
    s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.recv(4096); return s
def cmd(s, tag, c):
    s.sendall(("%s %s\r\n" % (tag, c)).encode()); buf = b""
    while True:
        buf += s.recv(1 << 20)
        if re.search((r"(^|\r\n)%s (OK|NO|BAD)[^\r\n]*\r\n$" % tag).encode(), buf): return buf
def cpu():
    if not pid: return 0
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split(); return (int(f[11]) + int(f[12])) / 100
a, b = conn(), conn()
cmd(a, "l", "LOGIN %s pw" % user); cmd(b, "l", "LOGIN %s pw" % user)
r = cmd(a, "s", 'SELECT "%s" (CONDSTORE)' % folder); hm = int(re.search(rb"HIGHESTMODSEQ (\d+)", r).group(1))
cmd(b, "s", 'SELECT "%s"' % folder)
step = n // changed; uids = ",".join(str(1 + i * step) for i in range(changed))
ts = []; c0 = cpu()
for i in range(rounds):
    cmd(b, "t%d" % i, "UID STORE %s %sFLAGS.SILENT (\\Seen)" % (uids, "+" if i % 2 == 0 else "-"))
    t = time.monotonic(); cmd(a, "f%d" % i, "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE %d)" % hm); ts.append((time.monotonic() - t) * 1e3)
c1 = cpu()
print("%d objects, %d changed: resync median %.3f ms p90 %.3f; server CPU per round (STORE+FETCH) %.3f ms" % (n, changed, statistics.median(ts), harness.pct(ts, 90), (c1 - c0) * 1e3 / rounds))

#!/usr/bin/env python3
"""Issue 26: the first sync of a conversation just filled, as the harness's (d) does it, with what the server did
meanwhile: N objects appended by 4 clients (not timed), optionally a wait until the server is idle ("settle"), then
SELECT (CONDSTORE), the header pass and the body pass (timed), three more header passes, eight CHANGEDSINCE resyncs
after another session's STOREs, the per-thread CPU of PID during the first passes and jstat's GC counters around them.
With PROFILE=1 and ASYNC_PROFILER_LIB=path/libasyncProfiler.so, the first and a later header pass are profiled into
first-headers.collapsed and later-headers.collapsed in the current directory.

  first-sync.py PORT PID FOLDER N [settle]    (PID 0: no thread or GC figures, e.g. Dovecot; user: U= in the
                                                environment, default the harness's; password pw; loopback only)
"""
import sys, os, time, threading, imaplib, re, statistics, collections
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import harness
harness.USER = os.environ.get("U", harness.USER)
port, pid, folder, objects = int(sys.argv[1]), int(sys.argv[2]) if sys.argv[2] != "0" else None, sys.argv[3], int(sys.argv[4])
settle_first = len(sys.argv) > 5 and sys.argv[5] == "settle"
def snap():
    if not pid: return {}
    out = collections.Counter()
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            comm = open("/proc/%d/task/%s/comm" % (pid, t)).read().strip()
            f = open("/proc/%d/task/%s/stat" % (pid, t)).read().rsplit(")", 1)[1].split()
            out[re.sub(r"\d+", "N", comm)] += int(f[11]) + int(f[12])
        except OSError: pass
    return out
m = harness.connect(port)
harness.ensure_mailbox(m, "Default"); harness.ensure_mailbox(m, folder); harness.logout(m)
per = objects // 4
def fill(c):
    conn = harness.connect(port)
    for i in range(per):
        typ, _ = conn.append('"%s"' % folder, None, None, harness.message(i, 100 + c)); assert typ == "OK"
    harness.logout(conn)
t = time.monotonic(); ths = [threading.Thread(target=fill, args=(c,)) for c in range(4)]
[x.start() for x in ths]; [x.join() for x in ths]
print("fill %.1f s" % (time.monotonic() - t))
if settle_first and pid:
    last = sum(snap().values())
    while True:
        time.sleep(1); now = sum(snap().values())
        if now - last < 2: break
        last = now
import subprocess
LIB = os.environ.get("ASYNC_PROFILER_LIB", "")
def prof(what, f=None):
    if not os.environ.get("PROFILE"): return
    opt = "start,event=cpu,interval=100us,threads" if what == "start" else "stop,collapsed,file=" + f
    subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", LIB, "\"" + opt + "\""], check=True, capture_output=True)
def gc():
    return subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True).stdout.split("\n")[1] if pid else ""
print("gc before", gc())
m = harness.connect(port)
s0 = snap(); t0 = time.monotonic()
typ, data = m._simple_command("SELECT", '"%s"' % folder, "(CONDSTORE)"); m.state = "SELECTED"
HIGH = int(re.search(rb"HIGHESTMODSEQ (\d+)", b" ".join(m.untagged_responses.get("OK", []))).group(1)); m.untagged_responses.clear()
t1 = time.monotonic()
prof("start")
t1 = time.monotonic()
typ, d = m.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])")
t2 = time.monotonic()
prof("stop", os.path.abspath("first-headers.collapsed"))
typ, d = m.uid("FETCH", "1:*", "(BODY.PEEK[])")
t3 = time.monotonic(); s1 = snap()
print("gc after ", gc())
print("select %.0f ms headers %.0f ms bodies %.0f ms" % ((t1-t0)*1e3, (t2-t1)*1e3, (t3-t2)*1e3))
hs = []
prof("start")
t = time.monotonic(); m.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"); print("profiled later pass %.0f ms" % ((time.monotonic()-t)*1e3))
prof("stop", os.path.abspath("later-headers.collapsed"))
for r in range(3):
    t = time.monotonic(); m.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"); hs.append((time.monotonic()-t)*1e3)
print("later headers", ["%.0f" % x for x in hs])
highest = int(re.search(rb"HIGHESTMODSEQ (\d+)", b" ".join(data if isinstance(data, list) else [])).group(1)) if False else None
other = harness.connect(port); other.select('"%s"' % folder)
uids = ",".join(str(1 + i * 100) for i in range(100))
rs = []
for r in range(8):
    typ, _ = other.uid("STORE", uids, ("+" if r % 2 == 0 else "-") + "FLAGS.SILENT", "(\\Seen)")
    g0 = gc() if r == 0 else ""
    sA = snap(); t = time.monotonic(); typ, dd = m.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % HIGH); rs.append((time.monotonic()-t)*1e3); sB = snap()
    if r == 0: print("gc around first resync:\n ", g0, "\n ", gc())
    if r == 0: first_threads = sorted((((sB[k]-sA.get(k,0))*10, k) for k in sB if sB[k]-sA.get(k,0) > 0), reverse=True)[:5]
print("resyncs", ["%.1f" % x for x in rs], "first round threads", first_threads)
d = {k: (s1[k] - s0.get(k, 0)) * 10 for k in s1}
print("thread CPU ms during first passes:", sorted(((v, k) for k, v in d.items() if v > 0), reverse=True)[:8])
harness.logout(m)

#!/usr/bin/env python3
"""Issue 26: header or body passes of one conversation, each after another session's APPEND to another folder (so
that H2 cannot answer the listing from its last result, as under ingestion), with the server's CPU per pass and the
GC pauses inside each pass (the server started with -Xlog:gc:file=GCLOG:uptime,tags).

  pass-gc.py PORT PID FOLDER GCLOG raw|imaplib ROUNDS [headers|bodies]   (user alice@example.com, password pw;
                                                                          loopback only; FOLDER filled beforehand)
"""
import sys, os, time, re, socket
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness")); import harness
harness.USER = "alice@example.com"
port, pid, folder, gclog, mode, rounds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
what = sys.argv[7] if len(sys.argv) > 7 else "headers"
hz = os.sysconf("SC_CLK_TCK"); st = int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[19])
boot = time.time() - float(open("/proc/uptime").read().split()[0])
up = lambda: time.time() - (boot + st / hz)
H = {"headers": "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])", "bodies": "(BODY.PEEK[])"}[what]
other = harness.connect(port); harness.ensure_mailbox(other, "Default/other")
marks = []
def cpu():
    f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split(); return (int(f[11]) + int(f[12])) / hz
cpus = []
if mode == "imaplib":
    m = harness.connect(port); m._simple_command("SELECT", '"%s"' % folder, "(CONDSTORE)"); m.state = "SELECTED"
    for r in range(rounds):
        other.append('"Default/other"', None, None, harness.message(r, 7)); m.noop(); time.sleep(0.3)
        a = up(); m.uid("FETCH", "1:*", H); marks.append((a, up()))
else:
    s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.recv(4096)
    def cmd(tag, c):
        s.sendall(("%s %s\r\n" % (tag, c)).encode()); buf = bytearray()
        end = ("\r\n%s OK" % tag).encode()
        while True:
            buf += s.recv(1 << 20)
            tail = bytes(buf) if len(buf) < 4000 else bytes(buf[-4000:])
            if (b"\r\n" + tail).find(end) >= 0 and buf.endswith(b"\r\n"): return
    cmd("l", "LOGIN alice@example.com pw"); cmd("s", 'SELECT "%s" (CONDSTORE)' % folder)
    for r in range(rounds):
        other.append('"Default/other"', None, None, harness.message(r, 7)); cmd("n%d" % r, "NOOP"); time.sleep(0.3)
        c0 = cpu(); a = up(); cmd("f%d" % r, "UID FETCH 1:* " + H); marks.append((a, up())); cpus.append(cpu() - c0)
time.sleep(0.3)
gcs = []
for line in open(gclog):
    mm = re.match(r"\[(\d+\.\d+)s\].*GC\(\d+\) (Pause \w+).* (\d+\.\d+)ms", line)
    if mm: gcs.append((float(mm.group(1)), mm.group(2), float(mm.group(3))))
tot = []
for a, b in marks:
    inside = [g for g in gcs if a - 0.01 <= g[0] <= b + 0.01]
    tot.append(sum(g[2] for g in inside))
    print("%s %s %6.1f ms  GCs: %s" % (mode, what, (b - a) * 1e3, ", ".join("%s %.0fms" % (g[1].split()[1], g[2]) for g in inside)))
print("%s %s: median pass %.1f ms, GC pause per pass %.1f ms, server CPU per pass %.1f ms" % (mode, what, sorted((b - a) * 1e3 for a, b in marks)[len(marks)//2], sum(tot) / len(tot), 1e3 * sum(cpus) / max(1, len(cpus))))

#!/usr/bin/env python3
"""Issue 26: N devices of one user sync the same conversation at once (RCS: every device syncs every conversation).

Before the timed part (not timed): the folder is filled up to --objects (4 appending sessions), one session
SELECTs it (clears \\Recent; its time is printed as "first select"), notes HIGHESTMODSEQ M, then changes \\Seen on
1 % of the folder (set, or cleared when UID 1 has it). Then --devices processes, released together, each:
  SELECT folder (CONDSTORE)
  UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])      header pass
  UID FETCH 1:* (BODY.PEEK[])                                                       body pass
  UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE M)                                        resync (the 1 % changed)
Reported per round: the wall time from the release to the last device's end, the aggregate rate (devices x
objects / that time, objects synced per second), each phase's median and max over the devices, and with --pid
the server's CPU for the round. The client reads raw bytes (no IMAP parsing beyond counting FETCH lines) so that
it costs little beside the servers on the same CPUs.

Usage: devices.py --port P [--user U --password W] [--objects 10000] [--devices 10] [--rounds 3] [--pid PID]
Works against Dovecot (--user any --password pass).
"""
import argparse, multiprocessing, os, re, socket, statistics, time

BODY = (b"Subject: bench\r\nFrom: tel:+15550001@bench.test\r\nTo: tel:+15550002@bench.test\r\n"
        b"Message-ID: <%d.%d@bench.test>\r\n\r\n")


def message(i, c=0):
    head = BODY % (c, i)
    return head + b"x" * (1024 - len(head) - 2) + b"\r\n"


class Conn:
    """A raw IMAP connection: commands and the bytes up to their tagged answer."""

    def __init__(self, port, user, password):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.n = 0
        self.buf = b""
        self.read_line()  # greeting
        self.ok(b'LOGIN "%s" "%s"' % (user.encode(), password.encode()))

    def read_line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.s.recv(65536)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def command(self, cmd):
        self.n += 1
        tag = b"d%d" % self.n
        self.s.sendall(tag + b" " + cmd + b"\r\n")
        data = bytearray(b"\r\n" + self.buf)  # a leading CRLF: a tagged answer first is found by the same search
        self.buf = b""
        marker = b"\r\n" + tag + b" "
        searched = 0
        while True:
            end = data.find(marker, searched)
            if end >= 0:
                close = data.find(b"\r\n", end + 2)
                if close >= 0:
                    self.buf = bytes(data[close + 2:])
                    return bytes(data[2:close + 2]), bytes(data[end + 2:close])
            else:
                searched = max(0, len(data) - len(marker))
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise EOFError(cmd)
            data += chunk

    def ok(self, cmd):
        body, status = self.command(cmd)
        if b" OK" not in status[:12]:
            raise RuntimeError("%r -> %r" % (cmd, status))
        return body

    def close(self):
        try:
            self.command(b"LOGOUT")
        except (OSError, EOFError):
            pass
        self.s.close()


def fill(a, have):
    missing = a.objects - have
    per = [missing // 4 + (1 if c < missing % 4 else 0) for c in range(4)]

    def run(c):
        conn = Conn(a.port, a.user, a.password)
        for i in range(per[c]):
            msg = message(have + i, 300 + c)
            conn.s.sendall(b'f APPEND "%s" {%d+}\r\n' % (a.folder.encode(), len(msg)) + msg + b"\r\n")
            while True:
                line = conn.read_line()
                if line.startswith(b"f "):
                    assert b" OK" in line, line
                    break
        conn.close()

    procs = [multiprocessing.Process(target=run, args=(c,)) for c in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


def device(a, modseq, release, out):
    try:
        run_device(a, modseq, release, out)
    except Exception as e:  # reported, so that the round ends instead of waiting for this device
        release.wait()
        out.put({"error": repr(e)})


def run_device(a, modseq, release, out):
    conn = Conn(a.port, a.user, a.password)
    release.wait()
    times = {}
    t0 = time.monotonic()
    body = conn.ok(b'SELECT "%s" (CONDSTORE)' % a.folder.encode())
    exists = int(re.search(rb"\* (\d+) EXISTS", body).group(1))
    t1 = time.monotonic()
    body = conn.ok(b"UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])")
    headers = body.count(b" FETCH (")
    t2 = time.monotonic()
    body = conn.ok(b"UID FETCH 1:* (BODY.PEEK[])")
    bodies = body.count(b" FETCH (")
    t3 = time.monotonic()
    body = conn.ok(b"UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE %d)" % modseq)
    changed = body.count(b" FETCH (")
    t4 = time.monotonic()
    conn.close()
    out.put({"select": t1 - t0, "headers": t2 - t1, "bodies": t3 - t2, "resync": t4 - t3, "end": t4,
             "exists": exists, "headers_n": headers, "bodies_n": bodies, "changed": changed})


def jvm_cpu(pid):
    if not pid:
        return 0.0
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", default="bench@bench.test")
    ap.add_argument("--password", default="pw")
    ap.add_argument("--folder", default="Default/tel:+15550004")
    ap.add_argument("--objects", type=int, default=10000)
    ap.add_argument("--devices", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pid", type=int, help="the cpm-mss JVM: its CPU per round")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    setup = Conn(a.port, a.user, a.password)
    for f in ("Default", a.folder):
        setup.command(b'CREATE "%s"' % f.encode())
    status = setup.ok(b'STATUS "%s" (MESSAGES)' % a.folder.encode())
    have = int(re.search(rb"MESSAGES (\d+)", status).group(1))
    if have < a.objects:
        fill(a, have)
    setup.close()
    for r in range(a.rounds):
        setup = Conn(a.port, a.user, a.password)
        t = time.monotonic()
        body = setup.ok(b'SELECT "%s" (CONDSTORE)' % a.folder.encode())
        first_select = time.monotonic() - t
        exists = int(re.search(rb"\* (\d+) EXISTS", body).group(1))
        modseq = int(re.search(rb"HIGHESTMODSEQ (\d+)", body).group(1))
        changed = max(1, exists // 100)
        step = exists // changed
        uids = b",".join(b"%d" % (1 + i * step) for i in range(changed))
        seen = b"\\Seen" in setup.ok(b"UID FETCH 1 (FLAGS)")  # set \Seen where it is not, else clear it
        setup.ok(b"UID STORE %s %sFLAGS.SILENT (\\Seen)" % (uids, b"-" if seen else b"+"))
        setup.ok(b"CLOSE")
        setup.close()  # Dovecot allows 10 connections per user and address (mail_max_userip_connections)
        release = multiprocessing.Event()
        out = multiprocessing.Queue()
        procs = [multiprocessing.Process(target=device, args=(a, modseq, release, out)) for _ in range(a.devices)]
        for p in procs:
            p.start()
        time.sleep(1.0)  # every device logged in and waiting
        cpu0 = jvm_cpu(a.pid)
        start = time.monotonic()
        release.set()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        errors = [x["error"] for x in results if "error" in x]
        if errors:
            raise SystemExit("round %d: device failed: %s" % (r + 1, errors[0]))
        wall = max(x["end"] for x in results) - start
        cpu = jvm_cpu(a.pid) - cpu0
        bad = [x for x in results if x["headers_n"] != x["exists"] or x["bodies_n"] != x["exists"]
               or x["changed"] < changed]
        line = ["%sround %d: %d devices x %d objects in %.2f s = %.0f objects/s aggregate" % (
            a.label, r + 1, a.devices, exists, wall, a.devices * exists / wall)]
        for phase in ("select", "headers", "bodies", "resync"):
            v = [x[phase] for x in results]
            line.append("%s median %.3f s max %.3f s" % (phase, statistics.median(v), max(v)))
        line.append("first select (clears \\Recent of new objects) %.3f s" % first_select)
        if a.pid:
            line.append("server CPU %.2f s" % cpu)
        line.append("load %s" % open("/proc/loadavg").read().split()[0])
        if bad:
            line.append("INCOMPLETE ANSWERS: %r" % bad[:2])
        print("; ".join(line), flush=True)


if __name__ == "__main__":
    main()

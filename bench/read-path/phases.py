#!/usr/bin/env python3
"""Issue 26: the RCS read requests one phase at a time against a running IMAP server, with an optional JFR
recording of the cpm-mss JVM per phase (jcmd JFR.start/stop around each phase), so that a profile shows one
request shape only.

Phases (each repeated, timed, median reported):
  single   UID FETCH n (BODY.PEEK[]) for every UID of the folder, one command at a time
  select   SELECT folder (CONDSTORE)
  switch   SELECT folder (CONDSTORE) after SELECT of another (empty) folder: a full selection each time (UID list,
           counters), as a device opening the conversation; the other SELECT is not timed
  headers  UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])
  bodies   UID FETCH 1:* (BODY.PEEK[])
  arrivals N objects appended by another session (not timed, not in the CPU figure), then SELECT (CONDSTORE)
  resync   another session sets \\Seen on 1 % of the folder, then UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m)
  changedsince  another session sets a new keyword on 1 % of the folder once (not timed, not recorded), then the same
           UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m) each round: only that command in the recording (a profile of it)

Usage: phases.py --port P [--user U --password W] [--objects N] [--rounds R] [--folder F]
                 [--jfr-pid PID --jfr-dir DIR] [--phases single,select,headers,bodies,resync]
The folder is filled (not timed) up to N objects when it has fewer. Works against Dovecot too (no --jfr-pid).
"""
import argparse, imaplib, os, re, socket, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import harness  # noqa: E402 (its CONDSTORE SELECT)

BODY = (b"Subject: bench\r\nFrom: tel:+15550001@bench.test\r\nTo: tel:+15550002@bench.test\r\n"
        b"Message-ID: <%d.%d@bench.test>\r\n\r\n")


def message(i, c=0):
    head = BODY % (c, i)
    return head + b"x" * (1024 - len(head) - 2) + b"\r\n"


def connect(a):
    m = imaplib.IMAP4("127.0.0.1", a.port)
    m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    m.login(a.user, a.password)
    return m


def select(m, folder):
    """SELECT folder (CONDSTORE): its EXISTS and HIGHESTMODSEQ (the harness's CONDSTORE SELECT)."""
    highest, exists = harness.select_condstore(m, folder)
    return exists, highest or 0


def change_one_percent(a, exists, store, flags):
    """Another session changes the flags of 1 % of the folder's messages, spread over it (UID STORE store flags)."""
    other = connect(a)
    other.select('"%s"' % a.folder)
    changed = max(1, exists // 100)
    step = exists // changed
    other.uid("STORE", ",".join(str(1 + i * step) for i in range(changed)), store, flags)
    other.logout()


def fill(a, have, target=None):
    missing = (target or a.objects) - have
    per = [missing // 4 + (1 if c < missing % 4 else 0) for c in range(4)]

    def run(c):
        conn = connect(a)
        for i in range(per[c]):
            typ, _ = conn.append('"%s"' % a.folder, None, None, message(have + i, 200 + c))
            assert typ == "OK"
        conn.logout()

    threads = [threading.Thread(target=run, args=(c,)) for c in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def jvm_cpu(pid):
    """CPU seconds (user + system, all threads) the server process used so far; 0 without a pid."""
    if not pid:
        return 0.0
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Jfr:
    def __init__(self, pid, directory):
        self.pid, self.dir = pid, directory

    def start(self, name):
        if self.pid:
            subprocess.run(["jcmd", str(self.pid), "JFR.start", "name=" + name, "settings=" + os.environ.get("JFR_SETTINGS", "profile")],
                           check=True, capture_output=True)

    def stop(self, name):
        if self.pid:
            subprocess.run(["jcmd", str(self.pid), "JFR.stop", "name=" + name,
                            "filename=" + os.path.join(self.dir, name + ".jfr")], check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", default="bench@bench.test")
    ap.add_argument("--password", default="pw")
    ap.add_argument("--folder", default="Default/tel:+15550003")
    ap.add_argument("--objects", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--arrivals", type=int, default=1000, help="arrivals phase: objects appended before each SELECT")
    ap.add_argument("--phases", default="single,select,headers,bodies,resync")
    ap.add_argument("--jfr-pid", type=int, help="cpm-mss JVM: its CPU time per phase, and a JFR recording per phase")
    ap.add_argument("--no-jfr", action="store_true", help="with --jfr-pid: CPU time only, no recording")
    ap.add_argument("--jfr-dir", default="/tmp")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    m = connect(a)
    for f in ("Default", a.folder):
        m.create('"%s"' % f)
    typ, data = m.status('"%s"' % a.folder, "(MESSAGES)")
    have = int(re.search(rb"MESSAGES (\d+)", data[0]).group(1))
    if have < a.objects:
        fill(a, have)
    exists, highest = select(m, a.folder)
    os.makedirs(a.jfr_dir, exist_ok=True)
    jfr = Jfr(None if a.no_jfr else a.jfr_pid, a.jfr_dir)
    out = {}
    for phase in a.phases.split(","):
        times = []
        if phase == "changedsince":  # the change before the rounds, outside the recording and the CPU figure
            exists, highest = select(m, a.folder)
            change_one_percent(a, exists, "+FLAGS.SILENT", "($changed%d)" % time.time())
            m.noop()  # the flag updates reach this session here, not inside the first timed FETCH
            m.untagged_responses.clear()
        if phase != "arrivals":  # a recording per SELECT, without the appends before it
            jfr.start(phase)
        cpu0 = jvm_cpu(a.jfr_pid)
        for r in range(a.rounds):
            if phase == "single":
                t = time.monotonic()
                for uid in range(1, exists + 1):
                    typ, d = m.uid("FETCH", str(uid), "(BODY.PEEK[])")
                    assert typ == "OK"
                times.append((time.monotonic() - t) / exists)
            elif phase == "select":  # re-SELECT: nothing new, no \\Recent to clear
                t = time.monotonic()
                exists, highest = select(m, a.folder)
                times.append(time.monotonic() - t)
            elif phase == "switch":  # a device opening the conversation: James builds the selected mailbox anew
                m._simple_command("SELECT", '"Default"')
                t = time.monotonic()
                exists, highest = select(m, a.folder)
                times.append(time.monotonic() - t)
            elif phase == "arrivals":  # N new objects arrive (not timed), then the device SELECTs: \\Recent cleared on them
                cpu_pause = jvm_cpu(a.jfr_pid)
                fill(a, exists, exists + a.arrivals)
                cpu0 += jvm_cpu(a.jfr_pid) - cpu_pause
                jfr.start("%s-%d" % (phase, r))
                t = time.monotonic()
                exists, highest = select(m, a.folder)
                times.append(time.monotonic() - t)
                jfr.stop("%s-%d" % (phase, r))
            elif phase == "headers":
                t = time.monotonic()
                typ, d = m.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])")
                times.append(time.monotonic() - t)
                assert typ == "OK" and sum(1 for x in d if isinstance(x, tuple)) == exists
            elif phase == "bodies":
                t = time.monotonic()
                typ, d = m.uid("FETCH", "1:*", "(BODY.PEEK[])")
                times.append(time.monotonic() - t)
                assert typ == "OK" and sum(1 for x in d if isinstance(x, tuple)) == exists
            elif phase == "resync":
                exists, highest = select(m, a.folder)
                change_one_percent(a, exists, "+FLAGS.SILENT" if r % 2 == 0 else "-FLAGS.SILENT", "(\\Seen)")
                t = time.monotonic()
                typ, d = m.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % highest)
                times.append(time.monotonic() - t)
                assert typ == "OK"
            elif phase == "changedsince":
                t = time.monotonic()
                typ, d = m.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % highest)
                times.append(time.monotonic() - t)
                assert typ == "OK" and len(d) == max(1, exists // 100), len(d)
        cpu = jvm_cpu(a.jfr_pid) - cpu0
        if phase != "arrivals":
            jfr.stop(phase)
        out[phase] = times
        per = exists * len(times) if phase == "single" else len(times)
        print("%s%s: median %.3f ms, min %.3f, max %.3f (%d rounds, %d objects)%s; load %s" % (
            a.label, phase, statistics.median(times) * 1e3, min(times) * 1e3, max(times) * 1e3, len(times), exists,
            "; server CPU %.3f ms per %s" % (cpu * 1e3 / per, "FETCH" if phase == "single" else "round")
            if a.jfr_pid else "", open("/proc/loadavg").read().split()[0]), flush=True)
    m.logout()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Two running cpm-mss servers (or more), measured round by round in turn on issue 26's single-message
`UID FETCH n (BODY.PEEK[])`: round k on server A, then round k on server B, and so on, so that the two builds meet
the same moments of a machine whose speed drifts (other work, the hypervisor). CPU from each connection thread's
/proc/PID/task/TID/schedstat (nanoseconds), wall time per round from the client.

  ab-interleaved.py --server A:PORT:PID --server B:PORT:PID [--server Dovecot:PORT:dovecot:USER] [--rounds 20]
                    [--folder F] [--user U --password P]

A server's PID `dovecot` means Dovecot: its CPU is that of the imap process serving the connection (the newest
`imap` process after the login), counted as both "process" and "connection thread"; USER overrides --user.
"""
import argparse, glob, imaplib, os, re, statistics, time


def imap_processes():
    """Dovecot's per-connection imap processes now running."""
    found = set()
    for d in glob.glob("/proc/[0-9]*"):
        try:
            if open(d + "/comm").read().strip() == "imap":
                found.add(int(os.path.basename(d)))
        except OSError:
            pass
    return found


def start_time(pid):
    return int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[19])


def io_ns(pid):
    if open("/proc/%d/comm" % pid).read().strip() == "imap":  # Dovecot: the one process does it all
        return all_ns(pid)
    total = 0
    for task in glob.glob("/proc/%d/task/*" % pid):
        try:
            if open(task + "/comm").read().startswith("imapserver-io"):
                total += int(open(task + "/schedstat").read().split()[0])
        except OSError:
            pass
    return total


def proc_ns(pid):
    return int(open("/proc/%d/schedstat" % pid).read().split()[0]) if os.path.exists("/proc/%d/schedstat" % pid) \
        else sum(int(open(t + "/schedstat").read().split()[0]) for t in glob.glob("/proc/%d/task/*" % pid))


def all_ns(pid):
    s = 0
    for t in glob.glob("/proc/%d/task/*" % pid):
        try:
            s += int(open(t + "/schedstat").read().split()[0])
        except OSError:
            pass
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", action="append", required=True, help="NAME:PORT:PID")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--folder", default="Default/tel:+15550003")
    ap.add_argument("--user", default="alice@example.com")
    ap.add_argument("--password", default="pw")
    a = ap.parse_args()
    servers = []
    for spec in a.server:
        name, port, pid, user = (spec.split(":") + [a.user])[:4]
        before = imap_processes()
        m = imaplib.IMAP4("127.0.0.1", int(port))
        m.login(user, a.password)
        if pid == "dovecot":
            time.sleep(0.2)
            pid = max(imap_processes() - before, key=start_time)
        typ, data = m.select('"%s"' % a.folder)
        exists = int(data[0])
        servers.append(dict(name=name, m=m, pid=int(pid), exists=exists, cpu=[], io=[], wall=[]))
    for r in range(a.rounds):
        order = servers if r % 2 == 0 else servers[::-1]
        for s in order:
            m = s["m"]
            c0, i0, t0 = all_ns(s["pid"]), io_ns(s["pid"]), time.monotonic()
            for uid in range(1, s["exists"] + 1):
                typ, d = m.uid("FETCH", str(uid), "(BODY.PEEK[])")
                assert typ == "OK"
            t1, c1, i1 = time.monotonic(), all_ns(s["pid"]), io_ns(s["pid"])
            s["wall"].append((t1 - t0) / s["exists"] * 1e3)
            s["cpu"].append((c1 - c0) / s["exists"] / 1e6)
            s["io"].append((i1 - i0) / s["exists"] / 1e6)
    base = servers[0]
    for s in servers:
        line = "%s: %d rounds of %d; median per FETCH: wall %.3f ms (%d FETCH/s), CPU process %.4f ms, connection thread %.4f ms" % (
            s["name"], a.rounds, s["exists"], statistics.median(s["wall"]), round(1000 / statistics.median(s["wall"])),
            statistics.median(s["cpu"]), statistics.median(s["io"]))
        if s is not base:
            ratios = [x / y for x, y in zip(s["io"], base["io"])]
            wins = sum(1 for x, y in zip(s["io"], base["io"]) if x < y)
            wr = [x / y for x, y in zip(s["wall"], base["wall"])]
            cr = [x / y for x, y in zip(s["cpu"], base["cpu"])]
            line += "; vs %s, median of round ratios: connection thread CPU %.3f (lower in %d of %d rounds), process CPU %.3f, wall %.3f" % (
                base["name"], statistics.median(ratios), wins, len(ratios), statistics.median(cr), statistics.median(wr))
        print(line, flush=True)
    print("load %s" % open("/proc/loadavg").read().split()[0])
    for s in servers:
        s["m"].logout()


if __name__ == "__main__":
    main()

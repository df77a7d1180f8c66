#!/usr/bin/env python3
"""Restart time of builds (or JVM options) alternately, measured as the harness's (g): launch HOME/bin/cpm-mss until
every port listens (read from /proc/net/tcp{,6} once per poll for all ports, bench/harness/harness.py) and an IMAP LOGIN succeeds; also the
JVM's CPU (user+system) at that moment. SIGTERM, wait for the exit, next one; the order alternates every round, and
the summary compares each variant with the first round by round (paired differences).

Usage: ab-start.py CONF DATA ROUNDS VARIANT...   where VARIANT is HOME or HOME|JAVA_OPTS
Env: PORTS (comma list, IMAP first; default the harness's compact ports at 63500), USER_NAME, PASSWORD (default the
harness's bench@bench.test / pw). Each variant keeps its own class-data archive (CPM_CACHE_DIR per variant); two
untimed restarts each first (the first dumps the archive). Start the data directory once with the harness, e.g.
`HARNESS_PORT_BASE=63500 HARNESS_COMPACT_PORTS=1 python3 bench/harness/harness.py --work W --only-start --starts 1`,
then CONF=W/cpm/conf DATA=W/cpm/data.
"""
import imaplib, os, signal, statistics, subprocess, sys, time, zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from harness import listening_ports  # noqa: E402  (one read of /proc/net/tcp{,6} for all the ports)

conf, data, rounds, variants = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
ports = [int(p) for p in os.environ.get("PORTS", "63500,63501,63502,63503,63504").split(",")]
user, password = os.environ.get("USER_NAME", "bench@bench.test"), os.environ.get("PASSWORD", "pw")


def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def restart(variant):
    home, _, opts = variant.partition("|")
    env = dict(os.environ, CPM_CACHE_DIR="/tmp/cpm-ab-start-cds-%08x" % zlib.crc32(variant.encode()))
    env.pop("JAVA_OPTS", None)
    if opts:
        env["JAVA_OPTS"] = opts
    while listening_ports(ports):
        time.sleep(0.05)
    t0 = time.monotonic()
    with open(os.path.join(os.path.dirname(os.path.abspath(data)), "ab-start-server.log"), "a") as log:
        proc = subprocess.Popen([os.path.join(home, "bin", "cpm-mss"), "--conf", conf, "--data", data], stdout=log,
                                stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        while len(listening_ports(ports)) < len(set(ports)):
            if proc.poll() is not None:
                raise SystemExit("%s exited during its start" % variant)
            time.sleep(0.01)
        while True:
            try:
                m = imaplib.IMAP4("127.0.0.1", ports[0])
                m.login(user, password)
                break
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.01)
        elapsed, used = time.monotonic() - t0, cpu(proc.pid)
        try:
            m.logout()
        except (OSError, imaplib.IMAP4.abort):
            pass
        return elapsed, used
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        time.sleep(0.3)


def main():
    for v in variants:
        restart(v)
        restart(v)
    res = {v: [] for v in variants}
    for r in range(rounds):
        for v in (variants if r % 2 == 0 else list(reversed(variants))):
            res[v].append(restart(v))
            print("%s  %.3f s  cpu %.2f s" % (v, *res[v][-1]), flush=True)
    first = res[variants[0]]
    for v, runs in res.items():
        walls, cpus = [x[0] for x in runs], [x[1] for x in runs]
        d = [b[0] - a[0] for a, b in zip(first, runs)]
        dc = [b[1] - a[1] for a, b in zip(first, runs)]
        print("%s: median %.3f s (min %.3f, max %.3f), CPU median %.2f s; against the first, paired: wall median "
              "%+.3f mean %+.3f s, CPU median %+.2f s, faster in %d of %d" % (
                  v, statistics.median(walls), min(walls), max(walls), statistics.median(cpus), statistics.median(d),
                  statistics.mean(d), statistics.median(dc), sum(1 for x in d if x < 0), len(d)))


if __name__ == "__main__":
    main()

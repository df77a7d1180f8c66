#!/usr/bin/env python3
"""Issue 22, the APPEND path: server CPU per IMAP APPEND, where it goes (per thread), the GC's share and the
latency tail, against cpm-mss started exactly as bench/harness/run.sh starts it (shipped conf/, ports moved only,
JAVA_OPTS as shipped unless set).

Usage: profile.py [--port-base 62100] [--warmup 300] [--messages 1000] [--clients 10 --per-client 50]
                  [--jfr DIR] [--keep]
Phases after the warm-up (untimed APPENDs into another folder):
  seq   N sequential 1 KiB APPENDs of one client (the harness's message shape), each timed;
  conc  C clients x P APPENDs into one folder.
For each: msg/s, p50/p90/p99/max latency, server CPU per APPEND (user + system of the JVM from /proc/PID/stat),
CPU per APPEND by thread group (/proc/PID/task/*/stat, thread names with digits folded), young/full GC count and
time (jstat -gc), and with --jfr a JFR recording per phase (read it with bench/read-path/jfr-summary.py).
"""
import argparse, collections, os, re, subprocess, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))


def threads_cpu(pid):
    out = collections.Counter()
    tck = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            raw = open("/proc/%d/task/%s/stat" % (pid, tid)).read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        out[re.sub(r"[-#]?\d+", "", name)] += (int(fields[11]) + int(fields[12])) / tck
    return out


def jstat(pid):
    lines = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True).stdout.split("\n")
    if len(lines) < 2:
        return {}
    return {k: float(v) for k, v in zip(lines[0].split(), lines[1].split()) if v != "-"}


def fast_jfc(directory):
    """The JDK's profile.jfc with Java method sampling every 1 ms instead of 10 ms (more samples per run)."""
    java_home = os.path.dirname(os.path.dirname(os.path.realpath(subprocess.run(
        ["sh", "-c", "command -v java"], capture_output=True, text=True).stdout.strip())))
    text = open(os.path.join(java_home, "lib", "jfr", "profile.jfc")).read()
    text = text.replace('<setting name="period" control="method-sampling-java-interval">10 ms</setting>',
                        '<setting name="period" control="method-sampling-java-interval">1 ms</setting>')
    path = os.path.join(directory, "fast.jfc")
    open(path, "w").write(text)
    return path


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def phase(h, cpm, name, jfr_dir, run):
    pid = cpm.proc.pid
    if jfr_dir:
        subprocess.run(["jcmd", str(pid), "JFR.start", "name=" + name, "settings=" + fast_jfc(jfr_dir)],
                       capture_output=True)
    t0, g0, c0 = threads_cpu(pid), jstat(pid), cpm.cpu_s()
    s = time.monotonic()
    lat = run()
    wall = time.monotonic() - s
    t1, g1, c1 = threads_cpu(pid), jstat(pid), cpm.cpu_s()
    if jfr_dir:
        subprocess.run(["jcmd", str(pid), "JFR.stop", "name=" + name,
                        "filename=" + os.path.join(jfr_dir, name + ".jfr")], capture_output=True)
    n = len(lat)
    print("%s: %d APPENDs, %.0f msg/s, p50 %.2f p90 %.2f p99 %.2f max %.1f ms; server CPU %.2f ms/APPEND; "
          "GC young %d (%.0f ms) full %d (%.0f ms); load %s" % (
              name, n, n / wall, pct(lat, 50) * 1e3, pct(lat, 90) * 1e3, pct(lat, 99) * 1e3, max(lat) * 1e3,
              (c1 - c0) * 1e3 / n, g1.get("YGC", 0) - g0.get("YGC", 0), (g1.get("YGCT", 0) - g0.get("YGCT", 0)) * 1e3,
              g1.get("FGC", 0) - g0.get("FGC", 0), (g1.get("FGCT", 0) - g0.get("FGCT", 0)) * 1e3,
              open("/proc/loadavg").read().split()[0]), flush=True)
    per = {k: (t1[k] - t0.get(k, 0)) * 1e3 / n for k in t1}
    print("   CPU ms/APPEND by thread: " + ", ".join("%s %.2f" % (k, v) for k, v in
                                                     sorted(per.items(), key=lambda kv: -kv[1]) if v >= 0.01))
    slow = sorted(range(n), key=lambda i: -lat[i])[:8]
    print("   slowest (index: ms): " + ", ".join("%d: %.1f" % (i, lat[i] * 1e3) for i in sorted(slow)), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-base", type=int, default=62100)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--per-client", type=int, default=50)
    ap.add_argument("--jfr", help="directory for one JFR recording per phase")
    ap.add_argument("--work", default="/tmp/append-path-profile")
    args = ap.parse_args()
    os.environ["HARNESS_PORT_BASE"] = str(args.port_base)
    os.environ["HARNESS_COMPACT_PORTS"] = "1"
    import harness as h
    if args.jfr:
        os.makedirs(args.jfr, exist_ok=True)
    cpm = h.CpmMss(args.work)
    try:
        t0 = cpm.start()
        cpm.provision()
        m, _ = cpm.login_after(t0)
        h.ensure_mailbox(m, "Warmup")
        h.ensure_mailbox(m, "Bench")
        h.ensure_mailbox(m, "Concurrent")
        for i in range(args.warmup):
            m.append("Warmup", None, None, h.message(i, 99))
        time.sleep(1)

        def seq():
            lat = []
            for i in range(args.messages):
                s = time.monotonic()
                typ, _ = m.append("Bench", None, None, h.message(i))
                lat.append(time.monotonic() - s)
                assert typ == "OK", typ
            return lat

        def conc():
            conns = [h.connect(cpm.port) for _ in range(args.clients)]
            lat, lock = [], threading.Lock()

            def run(c):
                mine = []
                for i in range(args.per_client):
                    s = time.monotonic()
                    typ, _ = conns[c].append("Concurrent", None, None, h.message(i, c + 1))
                    mine.append(time.monotonic() - s)
                    assert typ == "OK", typ
                with lock:
                    lat.extend(mine)
            ts = [threading.Thread(target=run, args=(c,)) for c in range(args.clients)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            for c in conns:
                h.logout(c)
            return lat

        phase(h, cpm, "seq", args.jfr, seq)
        time.sleep(1)
        if args.clients:
            phase(h, cpm, "conc", args.jfr, conc)
        h.logout(m)
    finally:
        cpm.stop()


if __name__ == "__main__":
    main()

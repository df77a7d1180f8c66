#!/usr/bin/env python3
"""Foundation benchmark for cpm-mss, run against the real `bin/cpm-mss` with the shipped configuration.

Measures:
  * start time: from launching bin/cpm-mss (already built) until every port accepts and an IMAP LOGIN succeeds;
  * idle RSS of the server JVM a few seconds after start;
  * sequential 1 KiB IMAP APPEND, one client, N messages (default 2,000): messages/s and per-command latency;
  * sequential single-message UID FETCH BODY.PEEK[] of the same messages: messages/s and latency.

Usage: bench/foundation/bench.py [--messages N] [--starts K] [--conf DIR]
Prints a Markdown table on stdout; docs/benchmarks.md keeps the results with the command and machine.
Loopback only; the server runs on a temporary data directory and is stopped at the end.
"""
import argparse, imaplib, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, json

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PORTS = (1143, 1025, 1024, 8000)


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


CONF = os.path.join(ROOT, "conf")


def start_server(data):
    if any(port_open(p) for p in PORTS):
        sys.exit("a server already listens on one of %s; stop it first" % (PORTS,))
    t0 = time.monotonic()
    proc = subprocess.Popen([os.path.join(ROOT, "bin", "cpm-mss"), "--conf", CONF, "--data", data],
                            stdout=open(os.path.join(data, "..", "server.log"), "a"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    while not all(port_open(p) for p in PORTS):
        if proc.poll() is not None:
            sys.exit("server exited; see server.log")
        time.sleep(0.02)
    return proc, t0


def http(method, path, body=None):
    req = urllib.request.Request("http://127.0.0.1:8000" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()


def login_until_ok(t0):
    while True:
        try:
            m = imaplib.IMAP4("127.0.0.1", 1143)
            # imaplib writes an APPEND literal and its closing CRLF separately: without TCP_NODELAY, Nagle
            # holds the CRLF until the server's delayed ACK (~40 ms), which would be measured as server time.
            m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            m.login("bench@bench.test", "pw")
            return m, time.monotonic() - t0
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.02)


def logout(m):
    # the server may close first once LOGOUT's BYE is sent; that is not a failure of the measured path
    try:
        m.logout()
    except (OSError, imaplib.IMAP4.abort):
        pass


def rss_mb(pid):
    # bin/cpm-mss execs java, so the launched pid is the JVM
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def main():
    global CONF
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--conf", default=CONF, help="configuration directory (default: the shipped conf/)")
    args = ap.parse_args()
    CONF = os.path.abspath(args.conf)
    work = tempfile.mkdtemp(prefix="cpm-bench-")
    data = os.path.join(work, "data")
    os.makedirs(data)
    results = []
    try:
        # first start creates the schema; provision the user then measure restarts on a populated store
        proc, t0 = start_server(data)
        http("PUT", "/domains/bench.test")
        http("PUT", "/users/bench@bench.test", {"password": "pw"})
        m, first = login_until_ok(t0)
        logout(m)
        stop(proc)
        starts = []
        for _ in range(args.starts):
            proc, t0 = start_server(data)
            m, elapsed = login_until_ok(t0)
            starts.append(elapsed)
            logout(m)
            stop(proc)
        proc, t0 = start_server(data)
        m, _ = login_until_ok(t0)
        time.sleep(5)
        idle_rss = rss_mb(proc.pid)
        m.create("Bench")
        body = b"Subject: bench\r\nFrom: tel:+15550001@bench.test\r\n\r\n" + b"x" * (1024 - 52) + b"\r\n"
        latencies = []
        t = time.monotonic()
        for _ in range(args.messages):
            s = time.monotonic()
            typ, _ = m.append("Bench", None, None, body)
            latencies.append(time.monotonic() - s)
            assert typ == "OK"
        append_rate = args.messages / (time.monotonic() - t)
        m.select("Bench")
        fetch_lat = []
        t = time.monotonic()
        for uid in range(1, args.messages + 1):
            s = time.monotonic()
            typ, d = m.uid("FETCH", str(uid), "(BODY.PEEK[])")
            fetch_lat.append(time.monotonic() - s)
            assert typ == "OK" and d[0] is not None
        fetch_rate = args.messages / (time.monotonic() - t)
        logout(m)
        stop(proc)
        print("| metric | value |")
        print("|---|---|")
        print("| first start (empty data dir, schema creation) | %.2f s |" % first)
        print("| start to IMAP LOGIN, median of %d | %.2f s (min %.2f, max %.2f) |" % (
            len(starts), statistics.median(starts), min(starts), max(starts)))
        print("| idle RSS 5 s after start | %.0f MB |" % idle_rss)
        print("| sequential 1 KiB APPEND, %d msgs | %.0f msg/s (p50 %.1f ms, p99 %.1f ms) |" % (
            args.messages, append_rate, pct(latencies, 50) * 1000, pct(latencies, 99) * 1000))
        print("| sequential UID FETCH BODY.PEEK[], %d msgs | %.0f msg/s (p50 %.1f ms, p99 %.1f ms) |" % (
            args.messages, fetch_rate, pct(fetch_lat, 50) * 1000, pct(fetch_lat, 99) * 1000))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

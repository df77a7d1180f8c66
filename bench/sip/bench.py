#!/usr/bin/env python3
"""SIP bridge benchmark: SIPp at fixed rates against the real bin/cpm-mss with the shipped configuration.

For each (scenario, rate) SIPp sends MESSAGEs for --seconds seconds over UDP. Reported:
  * achieved rate: answers with the scenario's expected status (200, or 202 for the queue) per second
    between the first and the last such answer. Any other answer (e.g. 500) fails the call and is not counted;
  * failed calls (unexpected answer or retransmission timeout), from SIPp's final statistics;
  * response time percentiles (p50/p90/p99/max) of the expected answers, from SIPp's rtd trace.

Scenarios: recording (1-1 MESSAGE, bench/sip/scenarios/message-cpim.xml, 200 = recorded on both sides) and
queue (deferred hand-over for a push user, message-handover-queued.xml, 202 = queued in the deferred queue).
Usage: bench/sip/bench.py [--rates 200,500] [--seconds 20] [--scenarios recording,queue]
Needs: mvn -q -B install -DskipTests done, sipp on PATH, ports 1143/1024/1025/8000/5062 free.
"""
import argparse, csv, glob, imaplib, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCENARIOS = {
    "recording": ("message-cpim.xml", "bob@example.com", "alice@example.com", 200),
    "queue": ("message-handover-queued.xml", "erin@example.com", "alice@example.com", 202),
}


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def http(method, path, body=None):
    req = urllib.request.Request("http://127.0.0.1:8000" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=10).status


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def run_sipp(workdir, scenario, service, origin, rate, seconds):
    calls = rate * seconds
    cmd = ["sipp", "127.0.0.1:5062", "-sf", os.path.join(ROOT, "bench", "sip", "scenarios", scenario),
           "-s", service, "-key", "from", origin, "-i", "127.0.0.1", "-p", "15060", "-t", "u1",
           "-r", str(rate), "-rp", "1000", "-m", str(calls), "-l", str(rate * 10),
           "-trace_rtt", "-rtt_freq", "1", "-trace_stat", "-fd", "1", "-nostdin",
           "-timeout", str(seconds * 4), "-recv_timeout", "10000"]
    started = time.time()
    proc = subprocess.run(cmd, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.time() - started
    rtt = []
    stamps = []
    for f in glob.glob(os.path.join(workdir, "*_rtt.csv")):
        with open(f) as fh:
            for row in csv.reader(fh, delimiter=";"):
                if len(row) >= 2 and row[0].replace(".", "").isdigit():
                    stamps.append(float(row[0]))
                    rtt.append(float(row[1]))
        os.remove(f)
    failed = successful = None
    for f in glob.glob(os.path.join(workdir, "*_.csv")) + glob.glob(os.path.join(workdir, "*[0-9].csv")):
        with open(f) as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        header, last = rows[0], rows[-1]
        successful = int(last[header.index("SuccessfulCall(C)")])
        failed = int(last[header.index("FailedCall(C)")])
        os.remove(f)
    span = (max(stamps) - min(stamps)) / 1000.0 if len(stamps) > 1 else wall
    return {"offered": rate, "calls": calls, "successful": successful, "failed": failed, "exit": proc.returncode,
            "achieved": round(len(rtt) / span, 1) if span > 0 else 0.0,
            "p50": pct(rtt, 50), "p90": pct(rtt, 90), "p99": pct(rtt, 99), "max": max(rtt) if rtt else float("nan")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rates", default="200,500")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--scenarios", default="queue,recording")
    args = ap.parse_args()
    if shutil.which("sipp") is None:
        sys.exit("sipp is not on PATH (apt-get install sip-tester)")
    if any(port_open(p) for p in (1143, 8000, 5062)):
        sys.exit("a cpm-mss port is busy")
    work = tempfile.mkdtemp(prefix="cpm-sip-bench-")
    data = os.path.join(work, "data")
    os.makedirs(data)
    log = open(os.path.join(work, "server.log"), "a")
    server = subprocess.Popen([os.path.join(ROOT, "bin", "cpm-mss"), "--data", data], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while not all(port_open(p) for p in (1143, 8000, 5062)):
            if time.time() > deadline or server.poll() is not None:
                sys.exit("server did not start, see " + log.name)
            time.sleep(0.2)
        http("PUT", "/domains/example.com")
        for user in ("alice", "bob", "erin"):
            http("PUT", "/users/%s@example.com" % user, {"password": "secret"})
        imap = imaplib.IMAP4("127.0.0.1", 1143)
        imap.login("erin@example.com", "secret")
        imaplib.Commands["SETMETADATA"] = ("AUTH", "SELECTED")
        typ, _ = imap._simple_command("SETMETADATA", "INBOX", '(/private/vendor/cpm/deferreddelivery "push")')
        if typ != "OK":
            sys.exit("SETMETADATA failed")
        try:
            imap.logout()
        except imaplib.IMAP4.abort:
            pass
        print("| scenario | offered /s | calls | achieved /s (expected answers only) | failed calls | p50 ms | p90 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name in args.scenarios.split(","):
            scenario, service, origin, expect = SCENARIOS[name]
            for rate in (int(r) for r in args.rates.split(",")):
                run_dir = tempfile.mkdtemp(dir=work)
                r = run_sipp(run_dir, scenario, service, origin, rate, args.seconds)
                time.sleep(10)  # let a backlog drain before the next run
                print("| %s (%d) | %d | %d | %.1f | %s | %.1f | %.1f | %.1f | %.1f |" % (
                    name, expect, r["offered"], r["calls"], r["achieved"], r["failed"], r["p50"], r["p90"], r["p99"], r["max"]),
                    flush=True)
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    print("\nwork directory (server log, SIPp traces): " + work)


if __name__ == "__main__":
    main()

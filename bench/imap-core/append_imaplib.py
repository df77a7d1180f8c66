#!/usr/bin/env python3
"""Issue 21: Python's imaplib, unmodified (synchronizing literals; the literal and the CRLF ending the APPEND go
out in two sends; no TCP_NODELAY on the client socket), sequential 1 KiB APPEND, one client, against Dovecot 2.3
started here from a temporary directory (bench/harness/harness.py's Dovecot) and against one or more cpm-mss
checkouts (bin/cpm-mss of each, shipped conf/ with ports moved only), one after the other in the same run.

Usage: append_imaplib.py --work DIR [--messages N] [--warmup W] [--rounds R] CHECKOUT[::JVM-OPTIONS] ...
A CHECKOUT may carry extra JVM options after "::" (added to bin/cpm-mss's default JAVA_OPTS), e.g.
"/path::-Dcpm.imap.quickack=false" runs that checkout with the quick ACK turned off.
Prints one Markdown table. Needs root (Dovecot drops to nobody). Everything listens on 127.0.0.1; ports from
IMAP_CORE_PORT_BASE (default 31000): cpm-mss IMAP +43, SMTP +25, LMTP +24, WebAdmin +80, SIP +62; Dovecot +44.
"""
import argparse, imaplib, json, os, shutil, signal, statistics, subprocess, sys, time, urllib.request

DEFAULT_JAVA_OPTS = ("-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 "
                     "-XX:TieredStopAtLevel=1")  # bin/cpm-mss's default
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))
import harness  # noqa: E402  (Dovecot, message(), listening())

BASE = int(os.environ.get("IMAP_CORE_PORT_BASE", "31000"))
PORTS = {"imap": BASE + 43, "smtp": BASE + 25, "lmtp": BASE + 24, "http": BASE + 80, "sip": BASE + 62}
harness.DOVECOT_PORT = BASE + 44


class Cpm:
    """bin/cpm-mss of one checkout on the ports above, over a fresh data directory."""

    def __init__(self, checkout, work, label, jvm_options=""):
        self.root = os.path.abspath(checkout)
        self.jvm_options = jvm_options
        self.name = label
        self.work = os.path.join(work, label)
        shutil.rmtree(self.work, ignore_errors=True)
        self.conf = os.path.join(self.work, "conf")
        shutil.copytree(os.path.join(self.root, "conf"), self.conf)
        for name, old, new in (("imapserver.xml", "<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:%d</bind>" % PORTS["imap"]),
                               ("smtpserver.xml", "<bind>127.0.0.1:1025</bind>", "<bind>127.0.0.1:%d</bind>" % PORTS["smtp"]),
                               ("lmtpserver.xml", "<bind>127.0.0.1:1024</bind>", "<bind>127.0.0.1:%d</bind>" % PORTS["lmtp"]),
                               ("webadmin.properties", "port=8000", "port=%d" % PORTS["http"]),
                               ("sipserver.properties", "sip.bind=127.0.0.1:5062", "sip.bind=127.0.0.1:%d" % PORTS["sip"])):
            path = os.path.join(self.conf, name)
            text = open(path).read()
            if old not in text:
                sys.exit("%s no longer contains %r" % (path, old))
            open(path, "w").write(text.replace(old, new))
        self.data = os.path.join(self.work, "data")
        os.makedirs(self.data)
        self.port = PORTS["imap"]
        self.commit = subprocess.run(["git", "-C", self.root, "log", "-1", "--format=%h"], capture_output=True,
                                     text=True).stdout.strip() or "(no git)"
        self.proc = None

    def start(self):
        busy = [p for p in PORTS.values() if harness.listening(p)]
        if busy:
            sys.exit("ports %s are taken" % busy)
        env = dict(os.environ)
        if self.jvm_options:
            env["JAVA_OPTS"] = env.get("JAVA_OPTS", DEFAULT_JAVA_OPTS) + " " + self.jvm_options
        self.proc = subprocess.Popen([os.path.join(self.root, "bin", "cpm-mss"), "--conf", self.conf, "--data", self.data],
                                     stdout=open(os.path.join(self.work, "server.log"), "a"), stderr=subprocess.STDOUT,
                                     start_new_session=True, env=env)
        while not all(harness.listening(p) for p in PORTS.values()):
            if self.proc.poll() is not None:
                sys.exit("cpm-mss exited during start; see %s/server.log" % self.work)
            time.sleep(0.05)
        for method, path, body in (("PUT", "/domains/bench.test", None),
                                   ("PUT", "/users/" + harness.USER, {"password": harness.PASSWORD})):
            req = urllib.request.Request("http://127.0.0.1:%d%s" % (PORTS["http"], path), method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req).read()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=600)
        while any(harness.listening(p) for p in PORTS.values()):
            time.sleep(0.2)


def appends(port, n, warmup, rounds):
    """Rates (APPEND/s) of `rounds` runs of n sequential APPENDs on one unmodified imaplib connection."""
    m = imaplib.IMAP4("127.0.0.1", port)  # no setsockopt: the client as users run it
    m.login(harness.USER, harness.PASSWORD)
    m.create("Bench")
    for i in range(warmup):
        typ, _ = m.append("Bench", None, None, harness.message(i, 99))
        assert typ == "OK", typ
    rates = []
    for r in range(rounds):
        t = time.monotonic()
        for i in range(n):
            typ, _ = m.append("Bench", None, None, harness.message(i, r))
            assert typ == "OK", typ
        rates.append(n / (time.monotonic() - t))
    try:
        typ, _ = m.logout()
        goodbye = "BYE" if typ == "BYE" else typ
    except (OSError, imaplib.IMAP4.abort) as e:  # reported in the table, never hidden
        goodbye = "none (%s)" % e
    return rates, goodbye


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("checkouts", nargs="+")
    args = ap.parse_args()
    rows = []
    dovecot = harness.Dovecot(args.work)
    dovecot.start()
    try:
        rows.append(("Dovecot %s" % dovecot.version,) + appends(dovecot.port, args.messages, args.warmup, args.rounds))
    finally:
        dovecot.stop()
    for index, spec in enumerate(args.checkouts):
        checkout, _, jvm_options = spec.partition("::")
        server = Cpm(checkout, args.work, "cpm%d" % index, jvm_options)
        server.start()
        try:
            label = "cpm-mss %s (%s%s)" % (server.commit, checkout, " " + jvm_options if jvm_options else "")
            rows.append((label,) + appends(server.port, args.messages, args.warmup, args.rounds))
        finally:
            server.stop()
    print("| server | APPEND/s per round (%d x %d 1 KiB, after %d warm-up) | median | answer to LOGOUT |"
          % (args.rounds, args.messages, args.warmup))
    print("|---|---|---|---|")
    for name, rates, goodbye in rows:
        print("| %s | %s | %.0f | %s |" % (name, ", ".join("%.0f" % r for r in rates), statistics.median(rates), goodbye))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 11 comparison harness: cpm-mss (bin/cpm-mss, shipped conf/ with ports moved only) side by side with
Dovecot 2.3 on the same machine, in the same run, with the same Python IMAP client code.

Measures, and prints as one Markdown table:
  (g) start time (launch of bin/cpm-mss until every TCP port accepts and an IMAP LOGIN succeeds; first start
      on an empty data directory, then restarts on the populated store) and idle RSS 5 s after start;
  (a) sequential 1 KiB APPEND and single-message UID FETCH BODY.PEEK[], one client, both servers, with ratio; then the
      APPENDs again through a plain socket (no imaplib, whose own ~1 ms per APPEND narrows the ratio);
  (b) concurrent 1 KiB APPEND, C clients (default 10) into one mailbox, both servers;
  the messages of (a)'s and (b)'s APPEND loops are built before the loops (the text generator's ~0.5 ms per message
  is the client's, not the servers');
  (d) RCS-style sync of an N-object conversation: SELECT (CONDSTORE), header pass, body pass, flag change on
      1 % of the objects by another client, CHANGEDSINCE resync (the first, and the median of 20 rounds), then the
      header and body passes again (medians of 5); both servers; then the CHANGEDSINCE rounds again on each server's
      last conversation, the servers taking turns round by round (--paired-rounds);
  (a) again at the end: the FETCH loop over the same messages, the servers taking turns by blocks of 100 (by then
      the messages are no longer among those cpm-mss keeps from their APPEND).
The scripts for (c) ingestion, (e) search and (f) expiry sweep are called by bench/harness/run.sh.

Usage: harness.py --work DIR [--messages N] [--concurrent-clients C] [--concurrent-messages M]
                  [--sync-objects S] [--starts K] [--json OUT]
Needs root for Dovecot (it drops to nobody). Everything runs on 127.0.0.1; both servers are stopped at the end.
"""
import argparse, imaplib, json, os, re, shutil, signal, socket, statistics, subprocess, sys, threading, time
import chattext  # the benchmarks' message text (bench/harness/chattext.py)
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USER, PASSWORD = "bench@bench.test", "pw"
# ports moved away from the defaults so that other runs on this machine do not collide
BASE = int(os.environ.get("HARNESS_PORT_BASE", "52000"))
CPM_PORTS = {"imap": BASE + 143, "smtp": BASE + 25, "lmtp": BASE + 24, "http": BASE + 80, "sip": BASE + 62}
DOVECOT_PORT = BASE + 144
DOVECOT_LMTP_PORT = BASE + 145
if os.environ.get("HARNESS_COMPACT_PORTS"):
    # every port within BASE..BASE+6 (a port range of a few ports given to one engineer)
    CPM_PORTS = {"imap": BASE, "smtp": BASE + 1, "lmtp": BASE + 2, "http": BASE + 3, "sip": BASE + 4}
    DOVECOT_PORT, DOVECOT_LMTP_PORT = BASE + 5, BASE + 6
LMTP_OWNERS = ("+33630000001@bench.test", "+33630000002@bench.test")
BODY = (b"Subject: bench\r\nFrom: tel:+15550001@bench.test\r\nTo: tel:+15550002@bench.test\r\n"
        b"Message-ID: <%d.%d@bench.test>\r\n\r\n")


def message(i, c=0):
    head = BODY % (c, i)
    return head + chattext.text(1024 - len(head) - 2, "%d.%d" % (c, i)).encode() + b"\r\n"


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def listening_ports(wanted):
    """The ports of `wanted` on which a TCP socket listens. Read from /proc instead of connecting: a probe connection
    leaves a TIME_WAIT on the server's port, and the SIP stack then fails to bind it again at the next start. Each
    table is read once for all the ports (and tcp6 only for ports tcp does not list): a read walks the kernel's whole
    socket table, and a read per port every 10 ms took a third of a core from the start it measured (docs/benchmarks.md,
    "Twenty-first session")."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        missing = {":%04X" % p: p for p in wanted if p not in found}
        if not missing:
            break
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A":
                        port = missing.get(fields[1][fields[1].rfind(":"):])
                        if port is not None:
                            found.add(port)
        except OSError:
            pass
    return found


def listening(port):
    """True when a TCP socket listens on the port (listening_ports)."""
    return port in listening_ports([port])


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def connect(port):
    m = imaplib.IMAP4("127.0.0.1", port)
    # imaplib writes an APPEND literal and its CRLF separately: without TCP_NODELAY, Nagle and delayed ACK
    # would add ~40 ms per APPEND to both servers
    m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    m.login(USER, PASSWORD)
    return m


def logout(m):
    try:
        m.logout()
    except (OSError, imaplib.IMAP4.abort):
        pass


# ---------------------------------------------------------------- servers

class CpmMss:
    name = "cpm-mss"

    def __init__(self, work):
        self.work = os.path.join(work, "cpm")
        self.conf = os.path.join(self.work, "conf")
        self.data = os.path.join(self.work, "data")
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "conf"), self.conf)
        self.sub("imapserver.xml", "<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:%d</bind>" % CPM_PORTS["imap"])
        self.sub("smtpserver.xml", "<bind>127.0.0.1:1025</bind>", "<bind>127.0.0.1:%d</bind>" % CPM_PORTS["smtp"])
        self.sub("lmtpserver.xml", "<bind>127.0.0.1:1024</bind>", "<bind>127.0.0.1:%d</bind>" % CPM_PORTS["lmtp"])
        self.sub("webadmin.properties", "port=8000", "port=%d" % CPM_PORTS["http"])
        self.sub("sipserver.properties", "sip.bind=127.0.0.1:5062", "sip.bind=127.0.0.1:%d" % CPM_PORTS["sip"])
        os.makedirs(self.data)
        self.proc = None
        self.port = CPM_PORTS["imap"]
        self.command = "bin/cpm-mss --conf %s --data %s" % (self.conf, self.data)

    def sub(self, name, old, new):
        path = os.path.join(self.conf, name)
        text = open(path).read()
        if old not in text:
            sys.exit("%s no longer contains %r: update bench/harness/harness.py" % (name, old))
        open(path, "w").write(text.replace(old, new))

    def start(self):
        busy = sorted(listening_ports(CPM_PORTS.values()))
        if busy:
            sys.exit("ports %s are taken; stop what listens there" % busy)
        t0 = time.monotonic()
        self.proc = subprocess.Popen([os.path.join(ROOT, "bin", "cpm-mss"), "--conf", self.conf, "--data", self.data],
                                     stdout=open(os.path.join(self.work, "server.log"), "a"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        while len(listening_ports(CPM_PORTS.values())) < len(set(CPM_PORTS.values())):
            if self.proc.poll() is not None:
                sys.exit("cpm-mss exited during start; see %s/server.log" % self.work)
            time.sleep(0.01)
        return t0

    def login_after(self, t0):
        deadline = t0 + 120
        while True:
            try:
                m = connect(self.port)
                return m, time.monotonic() - t0
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def provision(self):
        for method, path, body in (("PUT", "/domains/bench.test", None),
                                   ("PUT", "/users/" + USER, {"password": PASSWORD}),
                                   ("PUT", "/users/" + LMTP_OWNERS[0], {"password": PASSWORD}),
                                   ("PUT", "/users/" + LMTP_OWNERS[1], {"password": PASSWORD})):
            req = urllib.request.Request("http://127.0.0.1:%d%s" % (CPM_PORTS["http"], path), method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req).read()

    def rss_mb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:  # bin/cpm-mss execs java: the pid is the JVM
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def cpu_s(self):
        """CPU time (user + system, all threads) the JVM used so far: the work of a start, which unlike the
        wall-clock start time does not depend on what else runs on the machine."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=120)
        self.proc = None


class Dovecot:
    name = "Dovecot"

    def __init__(self, work):
        self.dir = os.path.join(work, "dovecot")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(os.path.join(self.dir, "run"))
        os.makedirs(os.path.join(self.dir, "home"))
        subprocess.check_call(["chown", "-R", "nobody:nogroup", os.path.join(self.dir, "home")])
        os.chmod(work, 0o755)
        os.chmod(self.dir, 0o755)
        with open(os.path.join(self.dir, "passwd"), "w") as f:
            for user in (USER,) + LMTP_OWNERS:  # (l): LMTP recipients must exist for Dovecot's userdb lookup
                f.write("%s:{PLAIN}%s\n" % (user, PASSWORD))
        self.conf = os.path.join(self.dir, "dovecot.conf")
        with open(self.conf, "w") as f:
            f.write("""base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap lmtp
recipient_delimiter =
auth_username_chars =
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = {d}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={d}/home/%u
}}
mail_location = maildir:~/Maildir:LAYOUT=fs
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {p}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {l}
  }}
}}
""".format(d=self.dir, p=DOVECOT_PORT, l=DOVECOT_LMTP_PORT))
        self.port = DOVECOT_PORT
        self.version = subprocess.run(["dovecot", "--version"], capture_output=True, text=True).stdout.strip()

    def start(self):
        if port_open(DOVECOT_PORT):
            sys.exit("port %d is taken" % DOVECOT_PORT)
        subprocess.check_call(["dovecot", "-c", self.conf])
        for _ in range(500):
            if port_open(DOVECOT_PORT):
                return
            time.sleep(0.02)
        sys.exit("Dovecot did not open port %d; see %s/dovecot.log" % (DOVECOT_PORT, self.dir))

    def stop(self):
        subprocess.call(["dovecot", "-c", self.conf, "stop"], stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------- scenarios (same code for both servers)

def ensure_mailbox(m, name):
    typ, _ = m.create(name)  # NO when it exists already; both servers create missing parents
    return typ


def lmtp_ingest(port, objects, tag):
    """(l) 1 KiB chat objects, each to the two LMTP_OWNERS, over 1 and 8 connections: bench/ingest-lmtp/ingest.py
    against the server's LMTP port (an object counts when both owners answered 250)."""
    script = os.path.join(ROOT, "bench", "ingest-lmtp", "ingest.py")
    out = {}
    subprocess.run([sys.executable, script, str(port), "1", "50", tag + "w"] + list(LMTP_OWNERS), check=True,
                   capture_output=True)
    for conns in (1, 8):
        line = subprocess.run([sys.executable, script, str(port), str(conns), str(max(1, objects // conns)),
                               "%s%d" % (tag, conns)] + list(LMTP_OWNERS), check=True, capture_output=True,
                              text=True).stdout.strip()
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        out[conns] = {"rate": float(fields["rate"]), "failed": int(fields["failed"]), "objects": int(fields["objects"]),
                      "p50": fields["p50"], "p99": fields["p99"]}
    return out


def settle(cpu):
    """Waits until the server is idle (under 20 ms of CPU in a second, at most 90 s); the CPU seconds it spent
    meanwhile: the work a run left behind (cpm-mss writes its text index once clients pause), measured apart so that
    each scenario's own figures, and no other's, hold it."""
    start = last = cpu()
    for _ in range(90):
        time.sleep(1)
        now = cpu()
        if now - last < 0.02:
            break
        last = now
    return last - start


def sequential(server, n, warmup=20, cpu=None):
    """(a): n APPENDs, then n single-message FETCHes, then n APPENDs through a plain socket (raw_appends); with `cpu` (the server's CPU seconds so far), the server's CPU
    per APPEND and per FETCH over each timed loop: all of the server's work meanwhile, background work included, and
    the CPU after both loops until the server is idle, per message appended (cpm-mss's text index yields to clients:
    it is written once they pause)."""
    # the messages of both timed APPEND loops built first, before the warm-up: Python's text generator takes ~0.5 ms
    # per message on this machine, which inside a loop was in both servers' rates and narrowed their ratio; built
    # between the warm-up and the loop, it left the server idle long enough to start indexing the warm-up's messages
    messages = [message(i) for i in range(n)]
    raw_bodies = [message(i, 3) for i in range(n)]
    m = connect(server.port)
    ensure_mailbox(m, "Bench")
    ensure_mailbox(m, "Warmup")
    # warm-up, not measured, the same for both servers: the JVM compiles the APPEND and FETCH paths meanwhile
    for i in range(warmup):
        m.append("Warmup", None, None, message(i, 99))
    m.select("Warmup", readonly=True)
    for uid in range(1, warmup + 1):
        m.uid("FETCH", str(uid), "(BODY.PEEK[])")
    lat = []
    cpu0 = cpu() if cpu else 0
    t = time.monotonic()
    for i in range(n):
        s = time.monotonic()
        typ, _ = m.append("Bench", None, None, messages[i])
        lat.append(time.monotonic() - s)
        assert typ == "OK", typ
    append_rate = n / (time.monotonic() - t)
    append_cpu_ms = (cpu() - cpu0) * 1000 / n if cpu else None
    typ, data = m.select("Bench")
    total = int(data[0])
    flat = []
    cpu0 = cpu() if cpu else 0
    t = time.monotonic()
    for uid in range(total - n + 1, total + 1):
        s = time.monotonic()
        typ, d = m.uid("FETCH", str(uid), "(BODY.PEEK[])")
        flat.append(time.monotonic() - s)
        assert typ == "OK" and d and d[0] is not None, (typ, d)
    fetch_rate = n / (time.monotonic() - t)
    fetch_cpu_ms = (cpu() - cpu0) * 1000 / n if cpu else None
    logout(m)
    raw = raw_appends(server.port, "BenchRaw", raw_bodies)
    # the work the loops left behind (cpm-mss indexes text once clients pause): the CPU until the server is idle
    # (under 20 ms in a second, at most 90 s), per message appended (warm-up included)
    after_cpu_ms = settle(cpu) * 1000 / (2 * n + warmup) if cpu else None
    return {"append_rate": append_rate, "append_p50": pct(lat, 50) * 1e3, "append_p99": pct(lat, 99) * 1e3,
            "raw_append_rate": raw["rate"], "raw_append_p50": raw["p50"], "raw_append_p99": raw["p99"],
            "fetch_rate": fetch_rate, "fetch_p50": pct(flat, 50) * 1e3, "fetch_p99": pct(flat, 99) * 1e3,
            "append_cpu_ms": append_cpu_ms, "fetch_cpu_ms": fetch_cpu_ms, "after_cpu_ms": after_cpu_ms}


def raw_appends(port, folder, bodies):
    """(a), second client: sequential APPENDs of `bodies` (1 KiB messages, built before) through a plain socket (synchronizing
    literal: the command line, the server's "+", the literal, the tagged answer), without imaplib, whose own work per
    APPEND (about a millisecond of Python on this machine) is in both servers' figures of the first loop and narrows
    their ratio. A folder of their own."""
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    f = s.makefile("rb")

    def until(tag):
        while True:
            line = f.readline()
            if not line:
                raise OSError("connection closed")
            if line.startswith(tag):
                return line
    f.readline()  # greeting
    s.sendall(b"l LOGIN %s %s\r\n" % (USER.encode(), PASSWORD.encode()))
    assert until(b"l ").startswith(b"l OK")
    s.sendall(b"c CREATE %s\r\n" % folder.encode())
    until(b"c ")
    n = len(bodies)
    lat = []
    t = time.monotonic()
    for i in range(n):
        body = bodies[i]
        start = time.monotonic()
        s.sendall(b"a%d APPEND %s {%d}\r\n" % (i, folder.encode(), len(body)))
        assert f.readline().startswith(b"+")
        s.sendall(body + b"\r\n")
        answer = until(b"a%d " % i)
        lat.append(time.monotonic() - start)
        assert answer.startswith(b"a%d OK" % i), answer
    rate = n / (time.monotonic() - t)
    s.sendall(b"z LOGOUT\r\n")
    s.close()
    return {"rate": rate, "p50": pct(lat, 50) * 1e3, "p99": pct(lat, 99) * 1e3}


PAIRED_BLOCK = 100


def paired_fetches(dove, cpm, n, cpu, block=PAIRED_BLOCK):
    """(a), paired: the same single-message UID FETCH (BODY.PEEK[]) of the last n messages of each server's "Bench"
    (filled by sequential()), the servers taking turns by blocks of `block` FETCHes (the first of each pair
    alternating), so that both meet the same machine; the loops of sequential() run minutes apart, and on a shared
    machine the load of those minutes swung the ratio by +-30 %. Each server's rate over its own blocks; cpm-mss's CPU
    per FETCH over its blocks."""
    conns = {}
    for server in (dove, cpm):
        m = connect(server.port)
        typ, data = m.select("Bench", readonly=True)
        assert typ == "OK", data
        total = int(data[0])
        conns[server.name] = (m, list(range(total - n + 1, total + 1)))
    lat = {dove.name: [], cpm.name: []}
    spent = {dove.name: 0.0, cpm.name: 0.0}
    cpu_spent = 0.0
    for b, start in enumerate(range(0, n, block)):
        for server in ((dove, cpm) if b % 2 == 0 else (cpm, dove)):
            m, uids = conns[server.name]
            c0 = cpu() if server is cpm else 0
            t = time.monotonic()
            for uid in uids[start:start + block]:
                s = time.monotonic()
                typ, d = m.uid("FETCH", str(uid), "(BODY.PEEK[])")
                lat[server.name].append(time.monotonic() - s)
                assert typ == "OK" and d and d[0] is not None, (typ, d)
            spent[server.name] += time.monotonic() - t
            if server is cpm:
                cpu_spent += cpu() - c0
    for m, _ in conns.values():
        logout(m)
    out = {}
    for server in (dove, cpm):
        its = lat[server.name]
        out[server.name] = {"rate": len(its) / spent[server.name], "p50": pct(its, 50) * 1e3,
                            "p99": pct(its, 99) * 1e3, "block": block}
    out[cpm.name]["cpu_ms"] = cpu_spent * 1000 / n
    return out


def concurrent(server, clients, per_client):
    m = connect(server.port)
    ensure_mailbox(m, "Concurrent")
    logout(m)
    lat, errors, lock = [], [], threading.Lock()
    ready = threading.Barrier(clients + 1)

    def run(c):
        try:
            conn = connect(server.port)
            bodies = [message(i, c + 1) for i in range(per_client)]  # built before the start, as in sequential()
            ready.wait()
            mine = []
            for i in range(per_client):
                s = time.monotonic()
                typ, _ = conn.append("Concurrent", None, None, bodies[i])
                mine.append(time.monotonic() - s)
                if typ != "OK":
                    raise RuntimeError(typ)
            logout(conn)
            with lock:
                lat.extend(mine)
        except Exception as e:  # reported, never hidden
            with lock:
                errors.append(repr(e))
            try:
                ready.abort()
            except threading.BrokenBarrierError:
                pass

    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    for th in threads:
        th.start()
    ready.wait()
    t = time.monotonic()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - t
    m = connect(server.port)
    typ, data = m.select("Concurrent", readonly=True)
    stored = int(data[0])
    logout(m)
    return {"rate": len(lat) / elapsed, "p50": pct(lat, 50) * 1e3 if lat else 0, "p99": pct(lat, 99) * 1e3 if lat else 0,
            "appended": len(lat), "stored": stored, "errors": errors[:3]}


FETCH_MODSEQ = re.compile(rb"MODSEQ \((\d+)\)")
# (d) resync rounds: another device changes 1 % of the conversation, this one resyncs with CHANGEDSINCE
RESYNC_ROUNDS = 20
COPY_ROUNDS = 5
# (d) the header and body passes repeated after the resync rounds, for their medians
PASS_ROUNDS = 5


def select_condstore(m, folder):
    """SELECT folder (CONDSTORE) on imaplib connection m: its HIGHESTMODSEQ and EXISTS (untagged answers cleared)."""
    typ, data = m._simple_command("SELECT", '"%s"' % folder, "(CONDSTORE)")
    assert typ == "OK", data
    m.state = "SELECTED"  # imaplib does not track a SELECT with parameters
    highest = None
    for r in m.untagged_responses.get("OK", []):
        mm = re.search(rb"HIGHESTMODSEQ (\d+)", r)
        if mm:
            highest = int(mm.group(1))
    exists = int(m.untagged_responses.get("EXISTS", [b"0"])[-1])
    m.untagged_responses.clear()
    return highest, exists


def scattered(objects):
    """The other device's share of a conversation of `objects` messages: 1 % of them, spread evenly, as a UID set."""
    changed = max(1, objects // 100)
    step = objects // changed
    return changed, ",".join(str(1 + i * step) for i in range(changed))


def sync(server, objects, fill_clients=4, folder="Default/tel:+15550002"):
    """(d) one RCS sync of a conversation filled first (not timed): CONDSTORE SELECT, header pass, body pass, then
    RESYNC_ROUNDS CHANGEDSINCE resyncs after another device's STORE, that device's COPYs, PASS_ROUNDS more passes."""
    m = connect(server.port)
    ensure_mailbox(m, "Default")
    ensure_mailbox(m, folder)
    logout(m)
    # fill (not measured): a few concurrent appenders
    per = [objects // fill_clients + (1 if c < objects % fill_clients else 0) for c in range(fill_clients)]

    def fill(c):
        conn = connect(server.port)
        for i in range(per[c]):
            typ, _ = conn.append('"%s"' % folder, None, None, message(i, 100 + c))
            assert typ == "OK"
        logout(conn)

    t = time.monotonic()
    threads = [threading.Thread(target=fill, args=(c,)) for c in range(fill_clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    fill_s = time.monotonic() - t

    out = {"fill_s": fill_s}
    m = connect(server.port)
    t0 = time.monotonic()
    highest, exists = select_condstore(m, folder)
    out["select_ms"] = (time.monotonic() - t0) * 1e3
    assert exists == objects, (exists, objects)
    t = time.monotonic()
    typ, d = m.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])")
    assert typ == "OK"
    out["headers_s"] = time.monotonic() - t
    out["headers_n"] = sum(1 for x in d if isinstance(x, tuple))
    t = time.monotonic()
    typ, d = m.uid("FETCH", "1:*", "(BODY.PEEK[])")
    assert typ == "OK"
    out["bodies_s"] = time.monotonic() - t
    out["bodies_n"] = sum(1 for x in d if isinstance(x, tuple))
    # another device reads 1 % of the conversation (sets \Seen on it), then this one resyncs; RESYNC_ROUNDS times,
    # the other device taking \Seen off and putting it back in turn: the first round is the whole sync's, the
    # median of all is the steady figure (one resync of a few milliseconds is mostly noise, and on the JVM mostly
    # code run for the first time)
    other = connect(server.port)
    other.select('"%s"' % folder)
    changed, uids = scattered(objects)
    rounds = []
    stores = []
    for r in range(RESYNC_ROUNDS):
        t = time.monotonic()
        typ, _ = other.uid("STORE", uids, ("+" if r % 2 == 0 else "-") + "FLAGS.SILENT", "(\\Seen)")
        assert typ == "OK"
        stores.append((time.monotonic() - t) * 1e3)
        t = time.monotonic()
        typ, d = m.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % highest)
        assert typ == "OK"
        rounds.append((time.monotonic() - t) * 1e3)
        if r == 0:
            out["resync_n"] = sum(1 for x in d if x)
    # the other device files the same scattered messages into another folder: one COPY, acknowledged once durable
    kept = '"Kept-%s"' % folder.rsplit("/", 1)[-1]  # each sync (the warm-up's too) copies into a folder of its own
    typ, _ = other.create(kept)
    assert typ == "OK"
    copies = []
    for r in range(COPY_ROUNDS):
        t = time.monotonic()
        typ, _ = other.uid("COPY", uids, kept)
        assert typ == "OK"
        copies.append((time.monotonic() - t) * 1e3)
    out["copy_median_ms"] = statistics.median(copies)
    logout(other)
    out["resync_ms"] = rounds[0]
    out["resync_median_ms"] = statistics.median(rounds)
    # the other device's STORE itself: one command, its changed messages scattered over the folder (one UID range
    # each), acknowledged once durable
    out["store_median_ms"] = statistics.median(stores)
    # the same passes again, PASS_ROUNDS times: a device syncs many conversations, and one pass of a fraction of a
    # second is mostly noise on a shared machine (the first pass above stays the whole sync's figure)
    headers, bodies = [], []
    for r in range(PASS_ROUNDS):
        t = time.monotonic()
        typ, _ = m.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])")
        assert typ == "OK"
        headers.append(time.monotonic() - t)
        t = time.monotonic()
        typ, _ = m.uid("FETCH", "1:*", "(BODY.PEEK[])")
        assert typ == "OK"
        bodies.append(time.monotonic() - t)
    out["headers_median_s"] = statistics.median(headers)
    out["bodies_median_s"] = statistics.median(bodies)
    logout(m)
    out["total_s"] = out["select_ms"] / 1e3 + out["headers_s"] + out["bodies_s"] + out["resync_ms"] / 1e3
    out["changed"] = changed
    return out


def paired_resyncs(dove, cpm, folder, objects, rounds):
    """(d), paired: the CHANGEDSINCE resync of sync() on each server's last conversation (`folder`, `objects`
    messages), the servers taking turns round by round (the first of each pair alternating): the other device's
    STORE of 1 % of the messages, then the device's UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m), m its SELECT's
    HIGHESTMODSEQ, timed. A round is a few milliseconds, mostly the client's parse; the rounds of sync() run minutes
    apart per server, so that the machine's load of those minutes, not the servers, made most of their difference."""
    changed, uids = scattered(objects)
    state = {}
    for server in (dove, cpm):
        m = connect(server.port)
        highest, _ = select_condstore(m, folder)
        other = connect(server.port)
        other.select('"%s"' % folder)
        state[server.name] = (m, other, highest, [])
    for r in range(rounds):
        for server in ((dove, cpm) if r % 2 == 0 else (cpm, dove)):
            m, other, highest, times = state[server.name]
            typ, _ = other.uid("STORE", uids, ("+" if r % 2 == 0 else "-") + "FLAGS.SILENT", "(\\Seen)")
            assert typ == "OK"
            t = time.monotonic()
            typ, d = m.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % highest)
            times.append((time.monotonic() - t) * 1e3)
            assert typ == "OK" and sum(1 for x in d if x) >= changed, (typ, len(d))
            m.untagged_responses.clear()
    out = {}
    for server in (dove, cpm):
        m, other, _, times = state[server.name]
        logout(other)
        logout(m)
        out[server.name] = {"median_ms": statistics.median(times), "p25_ms": pct(times, 25),
                            "p75_ms": pct(times, 75), "rounds": rounds, "changed": changed}
    return out


SYNC_KEYS = ("select_ms", "headers_s", "bodies_s", "resync_ms", "total_s", "resync_median_ms", "store_median_ms",
             "headers_median_s", "bodies_median_s", "copy_median_ms")


def syncs(dove, cpm, args, res):
    """(d) for both servers, alternated: an untimed warm-up sync each, then args.sync_repeats syncs of fresh
    conversations, the two servers taking turns (the first of each pair alternates), so that both meet the same
    machine; each figure is the median over the repetitions (every repetition's own figure kept in "runs"). cpm-mss
    is left to settle after each of its syncs (its text index follows once clients pause), so that its background
    work falls into neither server's timed requests."""
    n = args.sync_objects
    runs = {dove.name: [], cpm.name: []}
    after_cpu = 0.0
    for server in (dove, cpm):
        if args.sync_warmup > 0:
            # not measured, the same for both servers: one whole sync of another conversation (the JVM compiles the
            # SELECT, header-pass, body-pass and CHANGEDSINCE paths meanwhile)
            sync(server, args.sync_warmup, folder="Default/tel:+15550009")
            if server is cpm:
                after_cpu += settle(cpm.cpu_s)
    for rep in range(args.sync_repeats):
        for server in ((dove, cpm) if rep % 2 == 0 else (cpm, dove)):
            one = sync(server, n, folder="Default/tel:+1555%04d" % (2 + rep))
            if server is cpm:
                after_cpu += settle(cpm.cpu_s)
            runs[server.name].append(one)
            print(server.name, "sync", rep + 1, "of", args.sync_repeats, one, "load",
                  open("/proc/loadavg").read().split()[0], flush=True)
    for server in (dove, cpm):
        its = runs[server.name]
        out = {key: statistics.median(run[key] for run in its) for key in SYNC_KEYS}
        out.update(changed=its[0]["changed"], warmup=args.sync_warmup, repeats=len(its), runs=its)
        if server is cpm:
            out["after_cpu_ms"] = after_cpu * 1000 / (args.sync_repeats * n + 2 * args.sync_warmup)
        res[server.name]["sync"] = out
    if args.sync_repeats > 0 and args.paired_rounds > 0:
        paired = paired_resyncs(dove, cpm, "Default/tel:+1555%04d" % (1 + args.sync_repeats), n, args.paired_rounds)
        for server in (dove, cpm):
            res[server.name]["sync"]["resync_paired"] = paired[server.name]
        print("paired resyncs", paired, "load", open("/proc/loadavg").read().split()[0], flush=True)


# ---------------------------------------------------------------- main

def machine():
    mem = open("/proc/meminfo").readline().split()[1]
    cpu = ""
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"nproc": os.cpu_count(), "ram_gb": int(mem) / 1024 / 1024, "cpu": cpu, "java": java,
            "load": open("/proc/loadavg").read().split()[:3]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--messages", type=int, default=500)
    ap.add_argument("--concurrent-clients", type=int, default=10)
    ap.add_argument("--concurrent-messages", type=int, default=50, help="per client")
    ap.add_argument("--sync-objects", type=int, default=1000)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=20, help="(a): untimed APPENDs and FETCHes first, both servers")
    ap.add_argument("--sync-warmup", type=int, default=100,
                    help="(d): objects of an untimed whole sync of another conversation first, both servers (0: none)")
    ap.add_argument("--sync-repeats", type=int, default=3,
                    help="(d): syncs of fresh conversations per server, the servers taking turns; medians reported")
    ap.add_argument("--lmtp-objects", type=int, default=400, help="(l): objects per LMTP run (1 and 8 connections)")
    ap.add_argument("--paired-rounds", type=int, default=60,
                    help="(d): CHANGEDSINCE rounds per server after the syncs, the servers taking turns round by round")
    ap.add_argument("--json", help="write the raw figures here")
    ap.add_argument("--only-start", action="store_true", help="(g) only: start time and idle RSS (JVM flag trials)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    res = {"machine": machine(), "args": vars(args)}
    cpm, dove = CpmMss(args.work), Dovecot(args.work)
    # the server's own default: the `exec java ${JAVA_OPTS:-...}` of the start (bin/cpm-mss's admin and migrate-store
    # commands have defaults of their own, earlier in the script)
    shipped = re.search(r"\nexec java \$\{JAVA_OPTS:-([^}]*)\}", open(os.path.join(ROOT, "bin", "cpm-mss")).read())
    res["java_opts"] = os.environ.get("JAVA_OPTS") or "as shipped (`%s`)" % (shipped.group(1) if shipped else "?")
    res["cpm_command"] = cpm.command
    res["dovecot_version"] = dove.version
    skip = set(os.environ.get("SKIP", "").split())
    res["skipped"] = sorted(skip & set("abdgl"))
    try:
        # (g) start and idle RSS
        t0 = cpm.start()
        cpm.provision()
        m, first = cpm.login_after(t0)
        logout(m)
        if "g" not in skip:
            cpm.stop()
            starts, cpus = [], []
            for _ in range(args.starts):
                t0 = cpm.start()
                m, elapsed = cpm.login_after(t0)
                cpus.append(cpm.cpu_s())
                logout(m)
                starts.append(elapsed)
                cpm.stop()
            t0 = cpm.start()
            m, _ = cpm.login_after(t0)
            logout(m)
            time.sleep(5)
            res["start"] = {"first": first, "restarts": starts, "cpu": cpus, "idle_rss_mb": cpm.rss_mb()}
            print("start: first %.2f s, restarts %s (median %.2f), CPU to start %s (median %.2f), idle RSS %.0f MB; "
                  "JAVA_OPTS %s CPM_CDS %s; load %s" % (
                      first, ["%.2f" % s for s in starts], statistics.median(starts), ["%.2f" % c for c in cpus],
                      statistics.median(cpus), res["start"]["idle_rss_mb"], res["java_opts"],
                      os.environ.get("CPM_CDS", "on"), open("/proc/loadavg").read().split()[0]), flush=True)
        if args.only_start:
            return
        dove.start()
        for server in (dove, cpm):
            r = res.setdefault(server.name, {})
            if "a" not in skip:
                r["sequential"] = sequential(server, args.messages, args.warmup,
                                             cpm.cpu_s if server is cpm else None)
                print(server.name, "sequential", r["sequential"], flush=True)
            if "b" not in skip:
                r["concurrent"] = concurrent(server, args.concurrent_clients, args.concurrent_messages)
                if server is cpm:
                    r["concurrent"]["after_cpu_ms"] = settle(cpm.cpu_s) * 1000 / (
                        args.concurrent_clients * args.concurrent_messages)
                print(server.name, "concurrent", r["concurrent"], flush=True)
            if "d" not in skip and server is cpm:
                syncs(dove, cpm, args, res)
            if "l" not in skip:
                cpu0 = cpm.cpu_s()
                port = CPM_PORTS["lmtp"] if server is cpm else DOVECOT_LMTP_PORT
                r["lmtp"] = lmtp_ingest(port, args.lmtp_objects, "l" + server.name[0])
                if server is cpm:
                    done = sum(v["objects"] for v in r["lmtp"].values())
                    r["lmtp_cpu_ms"] = (cpm.cpu_s() - cpu0) * 1000 / done if done else 0
                    r["lmtp_after_cpu_ms"] = settle(cpm.cpu_s) * 1000 / done if done else 0
                print(server.name, "lmtp", r["lmtp"], flush=True)
        if "a" not in skip:
            # (a)'s FETCH loop again, the servers taking turns by blocks (after both servers' runs above)
            paired = paired_fetches(dove, cpm, args.messages, cpm.cpu_s)
            for server in (dove, cpm):
                res[server.name]["sequential"]["paired_fetch"] = paired[server.name]
            print("paired FETCH", paired, "load", open("/proc/loadavg").read().split()[0], flush=True)
        res["cpm_rss_after_mb"] = cpm.rss_mb()
    finally:
        cpm.stop()
        dove.stop()
    res["load_end"] = open("/proc/loadavg").read().split()[:3]
    if args.json:
        json.dump(res, open(args.json, "w"), indent=1)
    print(table(res))


def table(r):
    c, d, a = r["cpm-mss"], r["Dovecot"], r["args"]
    st = r.get("start")
    rows = ["| measure | cpm-mss | Dovecot %s | cpm-mss / Dovecot | target |" % r["dovecot_version"].split()[0],
            "|---|---|---|---|---|"]

    def row(label, cv, dv, ratio, target):
        rows.append("| %s | %s | %s | %s | %s |" % (label, cv, dv, ratio, target))

    if "sequential" in c:
        cs, ds = c["sequential"], d["sequential"]
        row("(a) sequential 1 KiB APPEND, %d msgs (after %d untimed APPEND+FETCH)" % (a["messages"], a.get("warmup", 20)),
            "%.0f msg/s (p50 %.1f ms, p99 %.1f ms)" % (cs["append_rate"], cs["append_p50"], cs["append_p99"]),
            "%.0f msg/s (p50 %.1f ms, p99 %.1f ms)" % (ds["append_rate"], ds["append_p50"], ds["append_p99"]),
            "%.2f" % (cs["append_rate"] / ds["append_rate"]), ">= 1")
        if cs.get("raw_append_rate") and ds.get("raw_append_rate"):
            row("(a) sequential 1 KiB APPEND, %d msgs, plain-socket client (no imaplib; after the loops above)" % a["messages"],
                "%.0f msg/s (p50 %.1f ms, p99 %.1f ms)" % (cs["raw_append_rate"], cs["raw_append_p50"], cs["raw_append_p99"]),
                "%.0f msg/s (p50 %.1f ms, p99 %.1f ms)" % (ds["raw_append_rate"], ds["raw_append_p50"], ds["raw_append_p99"]),
                "%.2f" % (cs["raw_append_rate"] / ds["raw_append_rate"]), "")
        row("(a) sequential UID FETCH BODY.PEEK[], %d msgs" % a["messages"],
            "%.0f msg/s (p50 %.1f ms, p99 %.1f ms)" % (cs["fetch_rate"], cs["fetch_p50"], cs["fetch_p99"]),
            "%.0f msg/s (p50 %.1f ms, p99 %.1f ms)" % (ds["fetch_rate"], ds["fetch_p50"], ds["fetch_p99"]),
            "%.2f" % (cs["fetch_rate"] / ds["fetch_rate"]), ">= 1")
        if cs.get("paired_fetch") and ds.get("paired_fetch"):
            cp, dp = cs["paired_fetch"], ds["paired_fetch"]
            row("(a) the same UID FETCH BODY.PEEK[] loop, paired: the servers taking turns by blocks of %d FETCHes "
                "(after every run above); cpm-mss's CPU per FETCH over its blocks" % cp["block"],
                "%.0f msg/s (p50 %.2f ms, p99 %.2f ms); CPU %.3f ms" % (cp["rate"], cp["p50"], cp["p99"], cp["cpu_ms"]),
                "%.0f msg/s (p50 %.2f ms, p99 %.2f ms)" % (dp["rate"], dp["p50"], dp["p99"]),
                "%.2f" % (cp["rate"] / dp["rate"]), ">= 1")
        if cs.get("append_cpu_ms") is not None:
            row("(a) cpm-mss CPU (user+system) per APPEND / per FETCH, all its work during each timed loop; "
                "after them until idle, per message appended (the text index, which yields to clients)",
                "%.2f / %.2f ms; %s ms" % (cs["append_cpu_ms"], cs["fetch_cpu_ms"],
                                           "%.2f" % cs["after_cpu_ms"] if cs.get("after_cpu_ms") is not None else "-"),
                "", "", "")
    if "concurrent" in c:
        cc, dc = c["concurrent"], d["concurrent"]
        row("(b) concurrent APPEND, %d clients x %d into one mailbox" % (a["concurrent_clients"],
                                                                        a["concurrent_messages"]),
            "%.0f msg/s (p50 %.1f ms, p99 %.1f ms; %d stored%s)" % (cc["rate"], cc["p50"], cc["p99"], cc["stored"],
                                                                   "; errors %s" % cc["errors"] if cc["errors"] else ""),
            "%.0f msg/s (p50 %.1f ms, p99 %.1f ms; %d stored%s)" % (dc["rate"], dc["p50"], dc["p99"], dc["stored"],
                                                                   "; errors %s" % dc["errors"] if dc["errors"] else ""),
            "%.2f" % (cc["rate"] / dc["rate"]), "")
        if cc.get("after_cpu_ms") is not None:
            row("(b) cpm-mss CPU after the run until idle, per message (the text index, which yields to clients)",
                "%.2f ms" % cc["after_cpu_ms"], "", "", "")
    if "sync" in c:
        cy, dy = c["sync"], d["sync"]
        n = a["sync_objects"]
        for key, label, fmt in (("select_ms", "SELECT (CONDSTORE)", "%.1f ms"),
                                ("headers_s", "header pass UID FETCH 1:* (FLAGS MODSEQ BODY.PEEK[HEADER] ...)", "%.3f s"),
                                ("bodies_s", "body pass UID FETCH 1:* BODY.PEEK[]", "%.3f s"),
                                ("resync_ms", "CHANGEDSINCE resync (%d changed)" % cy["changed"], "%.1f ms"),
                                ("total_s", "whole sync", "%.3f s"),
                                ("resync_median_ms", "CHANGEDSINCE resync (%d changed), median of %d rounds"
                                 % (cy["changed"], RESYNC_ROUNDS), "%.1f ms"),
                                ("store_median_ms", "the other device's UID STORE +/-FLAGS.SILENT (\\Seen) of %d "
                                 "scattered messages, median of %d rounds" % (cy["changed"], RESYNC_ROUNDS), "%.1f ms"),
                                ("headers_median_s", "header pass, median of %d more passes" % PASS_ROUNDS, "%.3f s"),
                                ("bodies_median_s", "body pass, median of %d more passes" % PASS_ROUNDS, "%.3f s"),
                                ("copy_median_ms", "the other device's UID COPY of the same %d messages into another "
                                 "folder, median of %d rounds" % (cy["changed"], COPY_ROUNDS), "%.1f ms")):
            if key not in cy or key not in dy:
                continue
            runs_c, runs_d = cy.get("runs", []), dy.get("runs", [])

            def shown(v, runs):
                # the median, and each repetition's own figure when there were several
                return fmt % v + (" (%s)" % ", ".join(fmt.split()[0] % run[key] for run in runs)
                                  if len(runs) > 1 else "")

            row("(d) %d-object sync, %s (after an untimed %d-object sync): %s" % (
                    n, "median of %d fresh conversations per server, the servers taking turns" % len(runs_c)
                    if len(runs_c) > 1 else "one conversation", cy.get("warmup", 0), label),
                shown(cy[key], runs_c), shown(dy[key], runs_d),
                "%.2f" % (cy[key] / dy[key]) if dy[key] else "", "")
        if cy.get("resync_paired") and dy.get("resync_paired"):
            cp, dp = cy["resync_paired"], dy["resync_paired"]
            row("(d) CHANGEDSINCE resync (%d changed) on each server's last conversation, paired: the servers taking "
                "turns round by round, %d rounds each: median (p25-p75)" % (cp["changed"], cp["rounds"]),
                "%.2f ms (%.2f-%.2f)" % (cp["median_ms"], cp["p25_ms"], cp["p75_ms"]),
                "%.2f ms (%.2f-%.2f)" % (dp["median_ms"], dp["p25_ms"], dp["p75_ms"]),
                "%.2f" % (cp["median_ms"] / dp["median_ms"]), "<= 1")
        if cy.get("after_cpu_ms") is not None:
            row("(d) cpm-mss CPU after the syncs until idle, per object filled (the fill's text index)",
                "%.2f ms" % cy["after_cpu_ms"], "", "", "")
    if "lmtp" in c:
        for conns in (1, 8):
            cl, dl = c["lmtp"][conns], d["lmtp"][conns]
            row("(l) LMTP ingestion, 1 KiB chat objects to 2 owners, %d connection(s), %d objects" % (conns, cl["objects"]),
                "%.0f objects/s (p50 %s, p99 %s%s)" % (cl["rate"], cl["p50"], cl["p99"],
                                                       "; failed %d" % cl["failed"] if cl["failed"] else ""),
                "%.0f objects/s (p50 %s, p99 %s%s)" % (dl["rate"], dl["p50"], dl["p99"],
                                                       "; failed %d" % dl["failed"] if dl["failed"] else ""),
                "%.2f" % (cl["rate"] / dl["rate"]) if dl["rate"] else "", ">= 1")
        row("(l) cpm-mss CPU (user+system) per LMTP object, during the runs; after them until idle",
            "%.1f ms; %.2f ms" % (c.get("lmtp_cpu_ms", 0), c.get("lmtp_after_cpu_ms", 0)), "", "", "")
    if st:
        row("(g) first start (empty data dir) to IMAP LOGIN", "%.2f s" % st["first"], "", "", "")
        row("(g) restart to every port + IMAP LOGIN, median of %d" % len(st["restarts"]),
            "%.2f s (min %.2f, max %.2f)" % (statistics.median(st["restarts"]), min(st["restarts"]),
                                            max(st["restarts"])), "", "", "< 3 s")
        row("(g) CPU time (user+system) of a restart until IMAP LOGIN, median",
            "%.2f s" % statistics.median(st["cpu"]), "", "", "")
        row("(g) idle RSS 5 s after start", "%.0f MB" % st["idle_rss_mb"], "", "", "< 256 MB")
    row("RSS after the IMAP runs", "%.0f MB" % r["cpm_rss_after_mb"], "", "", "")
    if r.get("skipped"):
        row("skipped (SKIP)", " ".join(r["skipped"]), "", "", "")
    return "\n".join(rows)


if __name__ == "__main__":
    main()

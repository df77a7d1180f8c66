#!/usr/bin/env python3
"""PF load client for cpm-mss: 1 KiB 1-1 chat objects (two hosted owners each) over LMTP, SMTP, HTTP and SIP.

Every object carries a unique IMDN Message-ID (TAG-DOOR-CONNECTION-SEQ), which is also its idempotency key,
so a resend of the same id must never create a second copy.

usage: load.py --door lmtp|smtp|http|sip|mixed --conns N (--count PER_CONN | --seconds S) [options]
  --rate R        total objects/s cap over all connections (0 = as fast as the server answers)
  --ack-log F     append "id door" of every acknowledged object (flushed per line: survives our own kill)
  --sent-log F    append "id door" before each object is sent (the drill resends sent-but-unacknowledged ids)
  --resend F      send exactly the ids listed in F ("id door" lines) instead of new ones, each once,
                  retrying a failed/refused attempt (the PF's retry) up to --retries times
  --wait-stored   (smtp) after the last 250, wait until every object is visible over IMAP for both owners;
                  the rate is then objects / (time until stored)
Prints one line: door=.. connections=.. objects=.. failed=.. errors=.. elapsed=..s rate=.. p50=..ms p99=..ms
"""
import argparse, base64, http.client, imaplib, json, os, random, re, secrets, socket, sys, threading, time, uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import chattext  # noqa: E402 (the benchmarks' message text: different for every object)

A, B = "alice@example.com", "bob@example.com"


def cpim_object(mid, door):
    """The LMTP/SMTP form: a message/cpim object as a PF records it (~1 KiB)."""
    head = ("Date: Fri, 25 Mar 2016 10:45:41 +0100\r\nFrom: <sip:%s>\r\nTo: <sip:%s>\r\nConversation-ID: bench-conv\r\n"
            "Contribution-ID: bench-%s\r\nIMDN-Message-ID: %s\r\nMessage-ID: <%s@bench>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: message/cpim\r\n\r\n"
            "From: <sip:%s>\r\nTo: <sip:%s>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
            "imdn.Message-ID: %s\r\nDateTime: 2016-03-25T10:45:40+01:00\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            % (A, B, mid, mid, mid, A, B, mid))
    return head + chattext.text(max(0, 1024 - len(head) - 2), mid) + "\r\n"


class Door:
    """One PF connection to one door; send(mid) returns True when the object is acknowledged."""

    def __init__(self, args):
        self.args = args

    def close(self):
        pass


class LineDoor(Door):
    proto = "LHLO"

    def __init__(self, args, port):
        super().__init__(args)
        self.s = socket.create_connection(("127.0.0.1", port), timeout=args.timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb")
        self.rd()
        self.cmd(self.proto + " bench")

    def rd(self):
        while True:
            line = self.f.readline().decode(errors="replace")
            if not line:
                raise ConnectionError("connection closed")
            if len(line) < 4 or line[3] != '-':
                return line

    def cmd(self, x):
        self.s.sendall((x + "\r\n").encode())
        return self.rd()

    def send(self, mid):
        # pipelined envelope (both doors advertise PIPELINING); DATA must be answered 354 before the body
        self.s.sendall(("MAIL FROM:<pf@pf.test>\r\nRCPT TO:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\n" % (A, B)).encode())
        replies = [self.rd() for _ in range(4)]
        if not replies[3].startswith("354"):
            self.cmd("RSET")
            return False, replies[3].strip()
        self.s.sendall((cpim_object(mid, "x") + ".\r\n").encode())
        answers = [self.rd() for _ in range(self.answers)]
        # a recipient refused at RCPT (e.g. 452 below the storage reserve) was not taken although the others were:
        # the object is not acknowledged for both owners, so it is resent (the stored owner's copy is deduplicated)
        refused_rcpt = [r.strip() for r in replies[1:3] if not r.startswith("250")]
        ok = all(a.startswith("250") for a in answers) and not refused_rcpt
        return ok, " | ".join(refused_rcpt + [a.strip() for a in answers])

    def close(self):
        try:
            self.cmd("QUIT")
        except OSError:
            pass
        self.s.close()


class LmtpDoor(LineDoor):
    proto, answers = "LHLO", 2  # one answer per recipient, each after the commit


class SmtpDoor(LineDoor):
    proto, answers = "EHLO", 1  # 250 = durably queued


class HttpDoor(Door):
    def __init__(self, args):
        super().__init__(args)
        self.c = http.client.HTTPConnection("127.0.0.1", args.http_port, timeout=args.timeout)

    def send(self, mid):
        body = json.dumps({"from": "sip:" + A, "to": ["sip:" + B], "conversationId": "bench-conv",
                           "contributionId": "bench-" + mid, "imdnMessageId": mid, "text": chattext.text(900, mid)})
        try:
            self.c.request("POST", "/cpm/v1/standalone-messages", body=body,
                           headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.args.token})
            r = self.c.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException):
            self.c.close()
            raise
        return r.status in (200, 201), "%d %s" % (r.status, data[:200].decode(errors="replace"))

    def close(self):
        self.c.close()


class SipDoor(Door):
    """SIP MESSAGE over TCP (the PF is a trusted loopback peer); 200 = recorded for both owners."""

    def __init__(self, args):
        super().__init__(args)
        self.s = socket.create_connection(("127.0.0.1", args.sip_port), timeout=args.timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.local = self.s.getsockname()
        self.buf = b""
        self.cseq = 0

    def read_response(self):
        while True:
            while b"\r\n\r\n" not in self.buf:
                chunk = self.s.recv(65536)
                if not chunk:
                    raise ConnectionError("connection closed")
                self.buf += chunk
            head, rest = self.buf.split(b"\r\n\r\n", 1)
            m = re.search(rb"(?im)^(?:content-length|l)\s*:\s*(\d+)", head)
            n = int(m.group(1)) if m else 0
            while len(rest) < n:
                chunk = self.s.recv(65536)
                if not chunk:
                    raise ConnectionError("connection closed")
                rest += chunk
            self.buf = rest[n:]
            status = int(head.split(b" ", 2)[1])
            if status >= 200:
                return status, head.split(b"\r\n", 1)[0].decode(errors="replace")

    def send(self, mid):
        self.cseq += 1
        cpim = ("From: <sip:%s>\r\nTo: <sip:%s>\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: %s\r\n"
                "DateTime: 2024-01-01T10:00:00Z\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" % (A, B, mid))
        cpim += chattext.text(max(0, 1024 - len(cpim)), mid)
        body = cpim.encode()
        req = ("MESSAGE sip:%s SIP/2.0\r\nVia: SIP/2.0/TCP %s:%d;branch=z9hG4bK%s\r\nFrom: <sip:%s>;tag=%x\r\n"
               "To: <sip:%s>\r\nCall-ID: %s\r\nCSeq: %d MESSAGE\r\nMax-Forwards: 70\r\n"
               "P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.msg\r\nConversation-ID: bench-conv\r\n"
               "Contribution-ID: bench-%s\r\nContent-Type: message/cpim\r\nContent-Length: %d\r\n\r\n"
               % (B, self.local[0], self.local[1], uuid.uuid4().hex, A, random.getrandbits(32), B,
                  uuid.uuid4().hex, self.cseq, mid, len(body)))
        self.s.sendall(req.encode() + body)
        status, line = self.read_response()
        return status == 200, line

    def close(self):
        self.s.close()


def open_door(door, args):
    if door == "lmtp":
        return LmtpDoor(args, args.lmtp_port)
    if door == "smtp":
        return SmtpDoor(args, args.smtp_port)
    if door == "http":
        return HttpDoor(args)
    if door == "sip":
        return SipDoor(args)
    raise ValueError(door)


def imap_stored(args, owner):
    """IMDN Message-IDs stored for owner over all folders (id -> count), read over IMAP."""
    m = imaplib.IMAP4("127.0.0.1", args.imap_port)
    m.login(owner, "pw")
    counts = {}
    typ, folders = m.list()
    for raw in folders or []:
        line = raw.decode() if isinstance(raw, bytes) else raw
        if "\\Noselect" in line:
            continue
        name = re.search(r'"[^"]*" (.*)$', line).group(1)
        typ, _ = m.select(name, readonly=True)
        if typ != "OK":
            continue
        typ, data = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID)])")
        for item in data or []:
            if isinstance(item, tuple):
                mm = re.search(rb"(?i)IMDN-Message-ID:\s*(\S+)", item[1])
                if mm:
                    k = mm.group(1).decode()
                    counts[k] = counts.get(k, 0) + 1
    m.logout()
    return counts


def imap_count(args, owner):
    m = imaplib.IMAP4("127.0.0.1", args.imap_port)
    m.login(owner, "pw")
    total = 0
    typ, folders = m.list()
    for raw in folders or []:
        line = raw.decode()
        if "\\Noselect" in line:
            continue
        name = re.search(r'"[^"]*" (.*)$', line).group(1)
        typ, data = m.status(name, "(MESSAGES)")
        if typ == "OK":
            total += int(re.search(rb"MESSAGES (\d+)", data[0]).group(1))
    m.logout()
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--door", required=True)
    ap.add_argument("--conns", type=int, default=1)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--rate", type=float, default=0)
    ap.add_argument("--tag", default="b%x" % random.getrandbits(24))
    ap.add_argument("--ids", choices=("random", "sequential"), default="random",
                    help="IMDN-Message-IDs: random after the tag, as RCS clients make them (the default since the "
                         "twenty-second session), or TAG-DOOR-CONN-N in order (the dedupe keys then go in key order)")
    ap.add_argument("--lmtp-port", type=int, default=1024)
    ap.add_argument("--smtp-port", type=int, default=1025)
    ap.add_argument("--http-port", type=int, default=8000)
    ap.add_argument("--sip-port", type=int, default=5062)
    ap.add_argument("--imap-port", type=int, default=1143)
    ap.add_argument("--token", default="")
    ap.add_argument("--ack-log")
    ap.add_argument("--sent-log")
    ap.add_argument("--resend")
    ap.add_argument("--retries", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--wait-stored", action="store_true")
    ap.add_argument("--quiet-errors", action="store_true", help="do not print transport errors (refusals still are)")
    args = ap.parse_args()

    doors = ["lmtp", "smtp", "http", "sip"] if args.door == "mixed" else [args.door]
    lock = threading.Lock()
    stats = {"ok": 0, "failed": 0, "errors": 0, "lat": [], "last_error": ""}
    ack = open(args.ack_log, "a") if args.ack_log else None
    sent = open(args.sent_log, "a") if args.sent_log else None
    work = None
    if args.resend:
        work = [l.split() for l in open(args.resend) if l.strip()]
        work_lock = threading.Lock()
    deadline = time.time() + args.seconds if args.seconds else None
    per_conn_interval = args.conns / args.rate if args.rate else 0

    def note_error(msg):
        with lock:
            stats["errors"] += 1
            stats["last_error"] = msg
        if not args.quiet_errors:
            print("error: " + msg, file=sys.stderr, flush=True)

    def worker(c):
        door = doors[c % len(doors)]
        conn, conn_door = None, None
        i = 0
        next_at = time.time()
        while True:
            if work is not None:
                with work_lock:
                    if not work:
                        break
                    mid, door = work.pop()
                attempts = args.retries
            else:
                if deadline is None and i >= args.count:
                    break
                if deadline is not None and time.time() >= deadline:
                    break
                mid = ("%s-%s-%d-%d" % (args.tag, door, c, i) if args.ids == "sequential"
                       else "%s-%s" % (args.tag, secrets.token_urlsafe(16)))
                attempts = 1
            i += 1
            if per_conn_interval:
                next_at += per_conn_interval
                delay = next_at - time.time()
                if delay > 0:
                    time.sleep(delay)
            if sent:
                with lock:
                    sent.write("%s %s\n" % (mid, door))
                    sent.flush()
            for attempt in range(attempts):
                t0 = time.perf_counter()
                try:
                    if conn is not None and conn_door != door:
                        conn.close()
                        conn = None
                    if conn is None:
                        conn, conn_door = open_door(door, args), door
                    ok, answer = conn.send(mid)
                except (OSError, ValueError, IndexError) as e:
                    note_error("%s %s: %r" % (door, mid, e))
                    try:
                        conn and conn.close()
                    except OSError:
                        pass
                    conn = None
                    ok = False
                    if work is not None:
                        time.sleep(0.5)
                    continue
                dt = time.perf_counter() - t0
                with lock:
                    if ok:
                        stats["ok"] += 1
                        stats["lat"].append(dt)
                        if ack:
                            ack.write("%s %s\n" % (mid, door))
                            ack.flush()
                    else:
                        stats["failed"] += 1
                        stats["last_error"] = "%s %s: %s" % (door, mid, answer)
                if ok:
                    break
                print("refused: %s %s: %s" % (door, mid, answer), file=sys.stderr, flush=True)
                if work is not None:
                    time.sleep(0.5)
        if conn:
            try:
                conn.close()
            except OSError:
                pass

    before = None
    if args.wait_stored:
        before = (imap_count(args, A), imap_count(args, B))
    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in range(args.conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    acked_at = elapsed
    if args.wait_stored:
        want = stats["ok"]
        limit = time.time() + 600
        while time.time() < limit:
            if all(imap_count(args, o) - b >= want for o, b in zip((A, B), before)):
                break
            time.sleep(0.2)
        else:
            note_error("smtp: objects not all stored after 600 s")
        elapsed = time.perf_counter() - start
    lat = sorted(stats["lat"])
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0
    print("door=%s connections=%d objects=%d failed=%d errors=%d elapsed=%.1fs rate=%.1f p50=%.1fms p99=%.1fms%s"
          % (args.door, args.conns, stats["ok"], stats["failed"], stats["errors"], elapsed,
             stats["ok"] / elapsed if elapsed else 0, pct(0.5), pct(0.99),
             " acked_in=%.1fs" % acked_at if args.wait_stored else ""), flush=True)
    if stats["last_error"]:
        print("last-error: " + stats["last_error"], file=sys.stderr)


if __name__ == "__main__":
    main()

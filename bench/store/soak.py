#!/usr/bin/env python3
"""IMAP side of bench/store/soak.sh: APPEND writers, readers (SELECT, FETCH, STORE, EXPUNGE) and the disk sampler.

  soak.py --imap-port P --seconds S --data DIR [--keep K] [--append-rate R] [--sample S] --out TSV

- appender (alice): APPEND of 1 KiB chat messages to the folder "Soak", at --append-rate per second;
- one reader per owner (alice, bob): over every folder of the owner in turn: SELECT, FETCH of the 20 newest
  (UID, FLAGS, BODY.PEEK[]), STORE +FLAGS (\\Seen) on 10 of them, and, when the folder holds more than --keep
  messages, STORE +FLAGS.SILENT (\\Deleted) on the oldest and EXPUNGE (live content stays near owners x folders x
  keep messages);
- sampler: every --sample seconds, the live content (sum of RFC822.SIZE of every message not expunged, in every folder
  of both owners, read over IMAP) and `du` of the data directory (whole, and DATA/mailstore: the message store).
  With --allowance A the ratios are taken against the live content as docs/benchmarks.md defines it for issue 22:
  sum of RFC822.SIZE + A bytes per live message (the metadata allowance); with --breakdown TSV, every sample also
  writes the size of each part of the data directory (du per file/directory, see breakdown()) to that file.
Any exception or NO/BAD answer is an error; prints "IMAP-SUMMARY appends=.. reader_rounds=.. expunged=.. errors=..".
"""
import argparse, imaplib, os, random, re, subprocess, sys, threading, time

OWNERS = ["alice@example.com", "bob@example.com"]
PASSWORD = "pw"


def connect(port, user):
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, PASSWORD)
    return m


def ok(typ, data, what):
    if typ != "OK":
        raise RuntimeError("%s: %s %r" % (what, typ, data))
    return data


def folders(m):
    names = []
    for line in ok(*m.list(), "LIST"):
        raw = line.decode() if isinstance(line, bytes) else str(line)
        if "\\Noselect" in raw:
            continue
        name = re.match(r'\(.*?\) (?:"[^"]*"|NIL) (.*)$', raw).group(1)
        names.append(name if name.startswith('"') else '"%s"' % name)
    return names


def du(path):
    """Bytes allocated on disk (not the apparent size: ActiveMQ's journal is a sparse, preallocated 32 MiB file)."""
    out = subprocess.run(["du", "-s", "--block-size=1", path], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else 0


def breakdown(data):
    """Bytes per part of the data directory: the message store's metadata and segments, each H2 file under h2/,
    every other top-level entry (lucene-text, ActiveMQ's store, James's spool and repositories, ...)."""
    parts = {}
    for name in sorted(os.listdir(data)):
        path = os.path.join(data, name)
        if name == "mailstore":
            parts["mailstore/meta.mv.db"] = du(os.path.join(path, "meta.mv.db"))
            parts["mailstore/segments"] = du(os.path.join(path, "segments"))
            rest = du(path) - parts["mailstore/meta.mv.db"] - parts["mailstore/segments"]
            if rest:
                parts["mailstore/other"] = rest
        elif name == "h2" and os.path.isdir(path):
            for f in sorted(os.listdir(path)):
                parts["h2/" + f] = du(os.path.join(path, f))
        else:
            parts[name] = du(path)
    return parts


class Soak:
    def __init__(self, args):
        self.a = args
        self.deadline = time.time() + args.seconds
        self.lock = threading.Lock()
        self.errors = []
        self.appends = 0
        self.rounds = 0
        self.expunged = 0

    def error(self, where, e):
        with self.lock:
            self.errors.append("%s: %r" % (where, e))
        print("error: %s: %r" % (where, e), file=sys.stderr, flush=True)

    def appender(self):
        interval = 1.0 / self.a.append_rate
        m = connect(self.a.imap_port, OWNERS[0])
        m.create("Soak")
        n, next_at = 0, time.time()
        while time.time() < self.deadline:
            next_at += interval
            time.sleep(max(0, next_at - time.time()))
            body = ("From: <sip:alice@example.com>\r\nTo: <sip:bob@example.com>\r\nSubject: soak %d\r\n"
                    "Message-ID: <soak-%d@bench>\r\n\r\n" % (n, n))
            body += "y" * (1024 - len(body) - 2) + "\r\n"
            try:
                ok(*m.append("Soak", None, None, body.encode()), "APPEND")
                with self.lock:
                    self.appends += 1
            except Exception as e:  # noqa: BLE001 - every failure is counted
                self.error("append", e)
                m = connect(self.a.imap_port, OWNERS[0])
            n += 1
        m.logout()

    def reader(self, owner):
        m = connect(self.a.imap_port, owner)
        while time.time() < self.deadline:
            try:
                for folder in folders(m):
                    exists = int(ok(*m.select(folder), "SELECT")[0])
                    if exists == 0:
                        continue
                    # sequence numbers, not UID SEARCH: one reader per owner, and a search answer may lag behind
                    # the index; the newest 20 read and some marked \Seen, the oldest past --keep expunged
                    first = max(1, exists - 19)
                    ok(*m.fetch("%d:%d" % (first, exists), "(UID FLAGS BODY.PEEK[])"), "FETCH")
                    seen = random.sample(range(first, exists + 1), min(10, exists - first + 1))
                    ok(*m.store(",".join(map(str, seen)), "+FLAGS", "(\\Seen)"), "STORE")
                    if exists > self.a.keep:
                        doomed = exists - self.a.keep
                        ok(*m.store("1:%d" % doomed, "+FLAGS.SILENT", "(\\Deleted)"), "STORE \\Deleted")
                        ok(*m.expunge(), "EXPUNGE")
                        with self.lock:
                            self.expunged += doomed
                    m.close()
                with self.lock:
                    self.rounds += 1
            except Exception as e:  # noqa: BLE001
                self.error("reader " + owner, e)
                try:
                    m.logout()
                except Exception:  # noqa: BLE001
                    pass
                m = connect(self.a.imap_port, owner)
            time.sleep(self.a.reader_pause)
        m.logout()

    def live_bytes(self):
        total = count = 0
        for owner in OWNERS:
            m = connect(self.a.imap_port, owner)
            for folder in folders(m):
                exists = int(ok(*m.select(folder, readonly=True), "EXAMINE")[0])
                if exists:
                    for line in ok(*m.fetch("1:*", "(RFC822.SIZE)"), "FETCH SIZE"):
                        s = re.search(rb"RFC822\.SIZE (\d+)", line if isinstance(line, bytes) else line[0])
                        if s:
                            total += int(s.group(1))
                            count += 1
            m.logout()
        return total, count

    def sampler(self, out):
        start = time.time()
        parts_out = open(self.a.breakdown, "w") if self.a.breakdown else None
        if parts_out:
            parts_out.write("seconds\tpart\tbytes\n")
        with open(out, "w") as f:
            f.write("seconds\tmessages\tlive_kb\tmailstore_kb\tmeta_kb\tsegments_kb\tdata_kb\tstore_ratio\tdata_ratio\n")
            while True:
                time.sleep(self.a.sample)
                try:
                    live, count = self.live_bytes()
                except Exception as e:  # noqa: BLE001
                    self.error("sampler", e)
                    continue
                live += count * self.a.allowance
                store = du(os.path.join(self.a.data, "mailstore"))
                meta = du(os.path.join(self.a.data, "mailstore", "meta.mv.db"))
                segs = du(os.path.join(self.a.data, "mailstore", "segments"))
                data = du(self.a.data)
                row = "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.2f" % (
                    time.time() - start, count, live // 1024, store // 1024, meta // 1024, segs // 1024, data // 1024,
                    store / max(live, 1), data / max(live, 1))
                f.write(row + "\n")
                f.flush()
                if parts_out:
                    now = int(time.time() - start)
                    for part, size in breakdown(self.a.data).items():
                        parts_out.write("%d\t%s\t%d\n" % (now, part, size))
                    parts_out.flush()
                print(row, file=sys.stderr, flush=True)
                if time.time() >= self.deadline:
                    return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--imap-port", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--keep", type=int, default=3000)
    ap.add_argument("--append-rate", type=float, default=5)
    ap.add_argument("--reader-pause", type=float, default=0.5)
    ap.add_argument("--sample", type=float, default=30)
    ap.add_argument("--out", required=True)
    ap.add_argument("--allowance", type=int, default=0, help="metadata allowance per live message, bytes")
    ap.add_argument("--breakdown", help="TSV of du per part of the data directory at every sample")
    a = ap.parse_args()
    soak = Soak(a)
    threads = [threading.Thread(target=soak.appender)] + [threading.Thread(target=soak.reader, args=(o,))
                                                           for o in OWNERS]
    for t in threads:
        t.start()
    soak.sampler(a.out)
    for t in threads:
        t.join()
    print("IMAP-SUMMARY appends=%d reader_rounds=%d expunged=%d errors=%d" % (
        soak.appends, soak.rounds, soak.expunged, len(soak.errors)))
    for e in soak.errors[:10]:
        print("  " + e)


if __name__ == "__main__":
    main()

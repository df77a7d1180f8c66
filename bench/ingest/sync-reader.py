#!/usr/bin/env python3
"""An RCS device that keeps syncing every conversation of one owner while a PF records into them (issue 27's
"IMAP reader syncing the same conversations"): every --interval seconds it LISTs the owner's folders and, per folder,
SELECT (CONDSTORE), the header pass of the UIDs it has not seen (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE
BODY.PEEK[HEADER]), their body pass (BODY.PEEK[]), marks them \\Seen (UID STORE +FLAGS.SILENT), then resyncs the
flags changed since the folder's last HIGHESTMODSEQ (UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE M)). Runs until
--seconds have passed, then prints one line: cycles, objects read, errors (a NO/BAD answer or a broken
connection: each is also printed to stderr), the longest cycle, and the lag at the end (objects stored for the
owner that its last cycle had not read: the messages counted by a STATUS after the run minus those read).

Usage: sync-reader.py --port P --user U [--password pw] [--seconds 600] [--interval 1]
"""
import argparse, re, socket, sys, time


class Imap:
    def __init__(self, port, user, password):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb")
        self.n = 0
        self.f.readline()
        self.cmd(b'LOGIN "%s" "%s"' % (user.encode(), password.encode()))

    def cmd(self, command):
        """Sends one command; returns its untagged lines (literals appended to their line). Raises on NO/BAD."""
        self.n += 1
        tag = b"r%d" % self.n
        self.s.sendall(tag + b" " + command + b"\r\n")
        lines = []
        while True:
            line = self.f.readline()
            if not line:
                raise OSError("connection closed by the server")
            m = re.search(rb"\{(\d+)\}\r\n$", line)
            while m:
                line += self.f.read(int(m.group(1)))
                more = self.f.readline()
                line += more
                m = re.search(rb"\{(\d+)\}\r\n$", more)
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError("%s -> %s" % (command[:80].decode(errors="replace"), line.strip().decode(errors="replace")))
                return lines
            lines.append(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", default="pw")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--interval", type=float, default=1.0)
    args = ap.parse_args()
    state = {}  # folder -> [uidvalidity, highest uid read, highestmodseq]
    cycles = read = errors = 0
    longest = 0.0
    conn = None
    end = time.time() + args.seconds
    while time.time() < end:
        t0 = time.monotonic()
        try:
            if conn is None:
                conn = Imap(args.port, args.user, args.password)
            folders = []
            for line in conn.cmd(b'LIST "" "*"'):
                if b"\\Noselect" in line:
                    continue
                folders.append(re.search(rb'"[^"]*" (.*)\r\n$', line).group(1))
            for folder in folders:
                untagged = b"".join(conn.cmd(b"SELECT " + folder + b" (CONDSTORE)"))
                validity = int(re.search(rb"UIDVALIDITY (\d+)", untagged).group(1))
                highest = int(re.search(rb"HIGHESTMODSEQ (\d+)", untagged).group(1))
                known = state.get(folder)
                if known is None or known[0] != validity:
                    known = state[folder] = [validity, 0, 0]
                heads = conn.cmd(b"UID FETCH %d:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])" % (known[1] + 1))
                uids = sorted(int(m.group(1)) for m in (re.search(rb"UID (\d+)", h) for h in heads) if m)
                uids = [u for u in uids if u > known[1]]
                if uids:
                    first, last = uids[0], uids[-1]
                    conn.cmd(b"UID FETCH %d:%d (BODY.PEEK[])" % (first, last))
                    conn.cmd(b"UID STORE %d:%d +FLAGS.SILENT (\\Seen)" % (first, last))
                    read += len(uids)
                    known[1] = last
                if known[2]:
                    conn.cmd(b"UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE %d)" % known[2])
                known[2] = highest
            cycles += 1
        except (OSError, RuntimeError, AttributeError) as e:
            errors += 1
            print("sync-reader error: %r" % (e,), file=sys.stderr, flush=True)
            try:
                conn and conn.s.close()
            except OSError:
                pass
            conn = None
        took = time.monotonic() - t0
        longest = max(longest, took)
        if took < args.interval:
            time.sleep(args.interval - took)
    stored = 0
    try:
        conn = conn or Imap(args.port, args.user, args.password)
        for folder in state:
            stored += int(re.search(rb"MESSAGES (\d+)", b"".join(conn.cmd(b"STATUS " + folder + b" (MESSAGES)"))).group(1))
    except (OSError, RuntimeError, AttributeError) as e:
        errors += 1
        print("sync-reader error: %r" % (e,), file=sys.stderr, flush=True)
    print("reader=%s cycles=%d objects_read=%d errors=%d longest_cycle=%.2fs lag_at_end=%d"
          % (args.user, cycles, read, errors, longest, stored - read), flush=True)


if __name__ == "__main__":
    main()

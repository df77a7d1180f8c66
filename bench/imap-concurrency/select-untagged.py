#!/usr/bin/env python3
"""SELECT answers checked one by one while other clients change the account (issue 21/26 finding).

    bench/imap-concurrency/select-untagged.py PORT USER PASSWORD SECONDS

Logs in, lists the folders, and SELECTs them in turn for SECONDS, waiting for each tagged answer; every SELECT
answered OK must carry exactly one `* n EXISTS` and a `* FLAGS` line. An answer without them is printed with the
answer to a NOOP sent right after it (to see whether the lines came late). Run it against a server under the mixed
soak (bench/soak/run.sh: IMAP on PORT_BASE+43, user alice@example.com, password pw). Prints
`selects N odd M` at the end; exit status 1 when M > 0. A SELECT that never answers shows as the script never
ending (the hang fixed with MetadataReadOnBusyWorkersTest).
"""
import re
import socket
import sys
import time


def main():
    port, user, password, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
    sock = socket.create_connection(("127.0.0.1", port))
    reader = sock.makefile("rb")
    reader.readline()
    counter = [0]

    def command(line):
        counter[0] += 1
        tag = "c%d" % counter[0]
        sock.sendall(("%s %s\r\n" % (tag, line)).encode())
        out = []
        while True:
            got = reader.readline()
            if not got:
                raise SystemExit("connection closed")
            out.append(got)
            if got.endswith(b"}\r\n"):
                out.append(reader.read(int(got[got.rindex(b"{") + 1:-3])))
            if got.startswith(tag.encode() + b" "):
                return out

    command("LOGIN %s %s" % (user, password))
    folders = [re.match(rb'\* LIST \(.*?\) (?:"[^"]*"|NIL) (.*)\r\n', line).group(1).decode()
               for line in command('LIST "" "*"') if line.startswith(b"* LIST") and b"Noselect" not in line]
    end = time.time() + seconds
    selects = odd = 0
    while time.time() < end:
        for folder in folders:
            selects += 1
            out = command("SELECT %s" % folder)
            if out[-1].split(b" ")[1] != b"OK":
                continue
            exists = sum(1 for line in out if re.match(rb"\* \d+ EXISTS", line))
            if exists != 1 or not any(line.startswith(b"* FLAGS") for line in out):
                odd += 1
                print("ODD SELECT (%d EXISTS): %r" % (exists, b"".join(out)[:1500]))
                print("  NOOP after it: %r" % b"".join(command("NOOP"))[:1500], flush=True)
    command("LOGOUT")
    print("selects %d odd %d" % (selects, odd))
    sys.exit(1 if odd else 0)


if __name__ == "__main__":
    main()

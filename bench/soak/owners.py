#!/usr/bin/env python3
"""Disk cost of an object stored for N owners (issue 22: a 10-owner 8 KiB object costs <= 3x a 1-owner one).

  owners.py --lmtp-port P --data DIR --owners N --count C [--size 8192] [--settle 15] [--tag T]

Sends C group chat objects of SIZE bytes over LMTP, each with N RCPTs (+3361000000k@example.com, k < N), one LMTP
transaction per object (an object for several owners is one submission); the body is text of ordinary words (not one
repeated letter, which would make the search index unrepresentative). Measures the data directory (bytes allocated,
per part as bench/store/soak.py's breakdown) before, and SETTLE seconds after the last 250 (the background
compactions run every second), and prints one line per part and "OWNERS-DISK owners=N objects=C ... per_object=B".
"""
import argparse, os, random, socket, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "store"))
from soak import breakdown  # noqa: E402

WORDS = ("see you at the station tomorrow morning bring the tickets and some coffee please we can talk about the "
         "plans for the weekend trip with everyone in the group chat photos later").split()


def owner(k):
    return "+3361000000%d@example.com" % k


def group_object(tag, i, size, rnd):
    mid = "%s-%d" % (tag, i)
    head = ("Date: Fri, 25 Mar 2016 11:02:13 +0100\r\nFrom: tel:+33643209850\r\nTo: sip:Conference-Factory@example.com\r\n"
            "Subject: soak group\r\nConversation-ID: soak-group-conv\r\nContribution-ID: soak-group-%s\r\n"
            "IMDN-Message-ID: %s\r\nMIME-Version: 1.0\r\nContent-Type: message/cpim\r\n\r\n"
            "From: <tel:+33643209850>\r\nTo: <sip:anonymous@anonymous.invalid>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
            "imdn.Message-ID: %s\r\nDateTime: 2016-03-25T10:02:12Z\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            % (tag, mid, mid))
    words = []
    length = len(head) + 2
    while length < size:
        w = rnd.choice(WORDS)
        words.append(w)
        length += len(w) + 1
    return (head + " ".join(words))[:size - 2] + "\r\n"


def send(port, owners, count, size, tag):
    rnd = random.Random(42)
    s = socket.create_connection(("127.0.0.1", port), timeout=120)
    f = s.makefile("rb")

    def rd():
        while True:
            line = f.readline().decode()
            if len(line) < 4 or line[3] != '-':
                return line

    def cmd(x):
        s.sendall((x + "\r\n").encode())
        return rd()

    rd()
    cmd("LHLO bench")
    failed = 0
    for i in range(count):
        cmd("MAIL FROM:<pf@pf.test>")
        for k in range(owners):
            r = cmd("RCPT TO:<%s>" % owner(k))
            if not r.startswith("250"):
                raise RuntimeError("RCPT %s: %s" % (owner(k), r))
        cmd("DATA")
        body = group_object(tag, i, size, rnd).replace("\r\n.", "\r\n..")
        s.sendall((body + ".\r\n").encode())
        answers = [rd() for _ in range(owners)]
        failed += sum(1 for a in answers if not a.startswith("250"))
    cmd("QUIT")
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lmtp-port", type=int, required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--owners", type=int, required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--size", type=int, default=8192)
    ap.add_argument("--settle", type=float, default=15)
    ap.add_argument("--tag", default="own")
    a = ap.parse_args()
    before = breakdown(a.data)
    failed = send(a.lmtp_port, a.owners, a.count, a.size, a.tag)
    time.sleep(a.settle)
    after = breakdown(a.data)
    for part in sorted(set(before) | set(after)):
        print("  %-32s %12d -> %12d  (%+d)" % (part, before.get(part, 0), after.get(part, 0),
                                               after.get(part, 0) - before.get(part, 0)))
    grown = sum(after.values()) - sum(before.values())
    print("OWNERS-DISK owners=%d objects=%d size=%d failed_answers=%d data_before=%d data_after=%d per_object=%d"
          % (a.owners, a.count, a.size, failed, sum(before.values()), sum(after.values()), grown // a.count))


if __name__ == "__main__":
    main()

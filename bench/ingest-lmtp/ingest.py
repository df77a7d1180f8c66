#!/usr/bin/env python3
"""LMTP ingestion load client: N connections each send 1 KiB CPM chat objects to two owners.

usage: ingest.py PORT CONNECTIONS OBJECTS_PER_CONNECTION RUN_TAG [OWNER_A OWNER_B]
Prints objects/s (objects fully acknowledged with 250 for both owners) and latency percentiles.
"""
import os, socket, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import chattext  # noqa: E402 (the benchmarks' message text)

port, conns, per, tag = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
owner_a = sys.argv[5] if len(sys.argv) > 5 else "+33630000001@example.com"
owner_b = sys.argv[6] if len(sys.argv) > 6 else "+33630000002@example.com"
a_num, b_num = owner_a.split("@")[0], owner_b.split("@")[0]
ok, failed, latencies, lock = [0], [0], [], threading.Lock()


def obj(mid):
    head = ("Date: Fri, 25 Mar 2016 10:45:41 +0100\r\nFrom: tel:%s\r\nTo: tel:%s\r\nConversation-ID: bench\r\n"
            "Contribution-ID: bench\r\nIMDN-Message-ID: %s\r\nMIME-Version: 1.0\r\nContent-Type: message/cpim\r\n\r\n"
            "From: <tel:%s>\r\nTo: <tel:%s>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
            "imdn.Message-ID: %s\r\nDateTime: 2016-03-25T10:45:40+01:00\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            % (a_num, b_num, mid, a_num, b_num, mid))
    return head + chattext.text(max(0, 1024 - len(head) - 2), mid) + "\r\n"


def run(c):
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
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
    for i in range(per):
        mid = "%s-%d-%d" % (tag, c, i)
        t0 = time.perf_counter()
        cmd("MAIL FROM:<pf@pf.test>")
        cmd("RCPT TO:<%s>" % owner_a)
        cmd("RCPT TO:<%s>" % owner_b)
        cmd("DATA")
        s.sendall((obj(mid) + ".\r\n").encode())
        r1, r2 = rd(), rd()
        dt = time.perf_counter() - t0
        with lock:
            if r1.startswith("250") and r2.startswith("250"):
                ok[0] += 1
                latencies.append(dt)
            else:
                failed[0] += 1
    cmd("QUIT")


start = time.perf_counter()
threads = [threading.Thread(target=run, args=(c,)) for c in range(conns)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
print("connections=%d objects=%d failed=%d elapsed=%.1fs rate=%.1f objects/s p50=%.1fms p99=%.1fms"
      % (conns, ok[0], failed[0], elapsed, ok[0] / elapsed, pct(0.5), pct(0.99)))

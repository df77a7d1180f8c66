#!/usr/bin/env python3
"""The other device's UID STORE and UID COPY of 100 scattered messages (harness scenario (d)'s commands), on one or
several servers in turn: each server's folder is filled once with OBJECTS messages, then ROUNDS rounds run, every
round going through the servers in turn (A, B, A, B, ...), each doing REPEAT STOREs (+/-FLAGS.SILENT (\\Seen) in
turn) and REPEAT COPYs of the same UIDs (every OBJECTS/100-th) into a folder of its own; the median per round and
server is printed, then the medians of the rounds.

  copy-store.py --server A:PORT [--server B:PORT] [--objects 2000] [--rounds 6] [--repeat 20] [--only copy|store]
"""
import argparse
import imaplib
import os
import statistics
import time

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    if not pid:
        return 0.0
    fields = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def message(i):
    return ("From: a@example.com\r\nTo: b@example.com\r\nSubject: m %d\r\nMessage-ID: <cs-%d@example.com>\r\n"
            "Content-Type: text/plain\r\n\r\nhello %d\r\n" % (i, i, i)).encode()


def connect(port, user, password):
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, password)
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", action="append", required=True, help="NAME:PORT")
    p.add_argument("--user", default="alice@example.com")
    p.add_argument("--password", default="pw")
    p.add_argument("--objects", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--folder", default="Scattered")
    p.add_argument("--only", choices=["copy", "store"])
    a = p.parse_args()
    servers = []
    pids = {}
    for s in a.server:
        name, port, *pid = s.split(":")
        pids[name] = pid[0] if pid else None
        m = connect(int(port), a.user, a.password)
        m.create(a.folder)
        typ, data = m.select(a.folder)
        have = int(data[0])
        for i in range(have, a.objects):
            typ, _ = m.append(a.folder, None, None, message(i))
            assert typ == "OK"
        typ, data = m.select(a.folder)
        assert int(data[0]) >= a.objects
        servers.append((name, m))
    changed = max(1, a.objects // 100)
    step = a.objects // changed
    uids = ",".join(str(1 + i * step) for i in range(changed))
    results = {name: {"store": [], "copy": [], "store_cpu": [], "copy_cpu": []} for name, _ in servers}
    for r in range(a.rounds):
        for name, m in servers:
            if a.only != "copy":
                t = []
                c0 = cpu_ms(pids[name])
                for k in range(a.repeat):
                    t0 = time.monotonic()
                    typ, _ = m.uid("STORE", uids, ("+" if k % 2 == 0 else "-") + "FLAGS.SILENT", "(\\Seen)")
                    t.append((time.monotonic() - t0) * 1e3)
                    assert typ == "OK"
                results[name]["store"].append(statistics.median(t))
                if pids[name]:
                    results[name]["store_cpu"].append((cpu_ms(pids[name]) - c0) / a.repeat)
            if a.only != "store":
                kept = "Kept-%d" % r
                m.create(kept)
                t = []
                c0 = cpu_ms(pids[name])
                for k in range(a.repeat):
                    t0 = time.monotonic()
                    typ, _ = m.uid("COPY", uids, kept)
                    t.append((time.monotonic() - t0) * 1e3)
                    assert typ == "OK", _
                results[name]["copy"].append(statistics.median(t))
                if pids[name]:
                    results[name]["copy_cpu"].append((cpu_ms(pids[name]) - c0) / a.repeat)
            print("round %d %s %s" % (r, name, " ".join("%s=%.1fms" % (k, v[-1]) for k, v in results[name].items()
                                                          if v)), flush=True)
    for name, m in servers:
        print("%s: %s" % (name, " ".join("%s median of rounds %.1f ms (rounds %s)" % (
            k, statistics.median(v), "/".join("%.1f" % x for x in v)) for k, v in results[name].items() if v)))
        m.logout()


if __name__ == "__main__":
    main()

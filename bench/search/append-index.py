#!/usr/bin/env python3
"""Search indexing on the append path (issue 22): sequential 1 KiB APPEND rate and search-index disk per message.

Starts bin/cpm-mss of a source tree (default: this checkout; --tree DIR for another build, e.g. an older commit
unpacked with `git archive`) on a fresh data directory with the native store (storage.embedded.mailbox=native),
appends --warmup untimed messages, then --messages timed sequential 1 KiB APPENDs into one folder (one client,
TCP_NODELAY, the harness's message), then one SEARCH BODY (which, on a tree with the asynchronous indexer, catches
the folder up), waits for the index commit, stops the server (SIGTERM) and reports the bytes under <data>/lucene
(James's index) and <data>/lucene-text (the project's index) per stored message.

Usage: append-index.py [--tree DIR] [--messages N] [--warmup W] [--work DIR]
Ports: PORT_BASE (default 61800): IMAP BASE+43, SMTP +25, LMTP +24, HTTP +80, SIP +62.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))
import harness  # noqa: E402

BASE = int(os.environ.get("PORT_BASE", "61800"))
harness.CPM_PORTS = {"imap": BASE + 43, "smtp": BASE + 25, "lmtp": BASE + 24, "http": BASE + 80, "sip": BASE + 62}


def du(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tree", default=os.path.dirname(os.path.dirname(HERE)))
    p.add_argument("--messages", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--work", default=None)
    a = p.parse_args()
    harness.ROOT = os.path.abspath(a.tree)
    work = a.work or tempfile.mkdtemp(prefix="cpm-append-index-")
    server = harness.CpmMss(work)
    server.sub("storage.properties", "storage.embedded.mailbox=jpa", "storage.embedded.mailbox=native")
    rev = subprocess.run(["git", "-C", harness.ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    try:
        t0 = server.start()
        deadline = time.monotonic() + 120
        while True:
            try:
                server.provision()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        m = harness.connect(server.port)
        m.create("Bench")
        m.create("Warmup")
        for i in range(a.warmup):
            m.append("Warmup", None, None, harness.message(i, 99))
        lat = []
        t = time.monotonic()
        for i in range(a.messages):
            s = time.monotonic()
            typ, _ = m.append("Bench", None, None, harness.message(i))
            lat.append(time.monotonic() - s)
            assert typ == "OK", typ
        elapsed = time.monotonic() - t
        m.select("Bench")
        t = time.monotonic()
        typ, data = m.search(None, "BODY", "xxxxxxxx")
        first_search = time.monotonic() - t
        found = len(data[0].split())
        time.sleep(3)
        t = time.monotonic()
        m.search(None, "BODY", "xxxxxxxx")
        second_search = time.monotonic() - t
        m.select("Warmup")
        m.search(None, "BODY", "xxxxxxxx")
        harness.logout(m)
        time.sleep(3)  # the index commits every second
        server.stop()
        stored = a.messages + a.warmup
        james, ours = du(os.path.join(server.data, "lucene")), du(os.path.join(server.data, "lucene-text"))
        print("tree %s (%s), native store, %d warm-up + %d timed sequential 1 KiB APPENDs" % (
            harness.ROOT, rev.stdout.strip() or "?", a.warmup, a.messages))
        print("APPEND: %.0f msg/s, p50 %.1f ms, p99 %.1f ms" % (a.messages / elapsed, harness.pct(lat, 50) * 1e3,
                                                                  harness.pct(lat, 99) * 1e3))
        print("SEARCH BODY right after the appends: %.0f ms (%d of %d found); again 3 s later: %.0f ms" % (
            first_search * 1e3, found, a.messages, second_search * 1e3))
        print("index on disk after a clean stop: lucene/ %d B (%.0f B/msg), lucene-text/ %d B (%.0f B/msg), "
              "together %.0f B/msg" % (james, james / stored, ours, ours / stored, (james + ours) / stored))
    finally:
        server.stop()
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

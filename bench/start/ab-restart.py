#!/usr/bin/env python3
"""Restart time of two builds, alternately, on one populated data directory: launch HOME/bin/cpm-mss, retry IMAP
LOGIN every 10 ms until it succeeds (the time reported), SIGTERM, wait for the exit, next build. Each build keeps its
own class-data archive (CPM_CACHE_DIR per build), so neither deletes the other's. Builds: source checkouts with their
jar packaged (`mvn -q -o package -DskipTests`; a second one from `git worktree add DIR COMMIT`).

Usage: ab-restart.py --conf CONF --data DATA --port IMAP_PORT [--user U --password P] [--rounds 10] HOME_A HOME_B
(the data directory needs the user: start one build once and create it, e.g. with bench/ingest/server.sh's cpm_users)
"""
import argparse, imaplib, os, signal, statistics, subprocess, time


def restart(home, a):
    env = dict(os.environ, CPM_CACHE_DIR="/tmp/cpm-ab-restart-cds" + home.replace("/", "_"))
    started = time.monotonic()
    with open(os.path.join(a.data, "..", "ab-restart-server.log"), "a") as log:
        proc = subprocess.Popen([os.path.join(home, "bin", "cpm-mss"), "--conf", a.conf, "--data", a.data],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit("%s exited during its start" % home)
                try:
                    m = imaplib.IMAP4("127.0.0.1", a.port)
                    m.login(a.user, a.password)
                    m.logout()
                    return time.monotonic() - started
                except (OSError, imaplib.IMAP4.error):
                    time.sleep(0.01)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
            time.sleep(0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conf", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", default="alice@example.com")
    ap.add_argument("--password", default="pw")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("homes", nargs=2)
    a = ap.parse_args()
    for home in a.homes:
        restart(home, a)  # untimed: builds the class-data archive at its clean stop
    times = {home: [] for home in a.homes}
    for r in range(a.rounds):
        for home in (a.homes if r % 2 == 0 else reversed(a.homes)):
            times[home].append(restart(home, a))
    for home, t in times.items():
        print("%s median %.3f s min %.3f max %.3f  %s" % (home, statistics.median(t), min(t), max(t),
                                                        " ".join("%.2f" % x for x in t)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 26: the harness's CHANGEDSINCE resync through imaplib, two or more servers taking turns round by round (the
order reversed every other round): per server, session "other" STOREs +/-FLAGS.SILENT (\\Seen) on 100 scattered UIDs
(1, 91, 181, ...), then session "device" (selected with CONDSTORE at the start) sends UID FETCH 1:* (UID FLAGS)
(CHANGEDSINCE m), m its SELECT's HIGHESTMODSEQ; the FETCH is timed. Optionally a pause between the STORE and the FETCH.
Prints each server's median (p25-p75) and the ratios to the first server.

  paired-resync.py ROUNDS PAUSE_S FOLDER NAME:PORT:USER ...    (password pw; FOLDER of at least 9,000 messages on
                                                              every server; loopback only)
"""
import imaplib, os, statistics, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import harness  # noqa: E402 (its CONDSTORE SELECT)

rounds, pause, folder = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
servers = []
for spec in sys.argv[4:]:
    name, port, user = spec.split(":")
    device = imaplib.IMAP4("127.0.0.1", int(port))
    device.login(user, "pw")
    highest, _ = harness.select_condstore(device, folder)
    other = imaplib.IMAP4("127.0.0.1", int(port))
    other.login(user, "pw")
    other.select('"%s"' % folder)
    servers.append((name, device, other, highest, []))
uids = ",".join(str(1 + i * 90) for i in range(100))
for r in range(rounds):
    for name, device, other, highest, times in (servers if r % 2 == 0 else servers[::-1]):
        typ, _ = other.uid("STORE", uids, ("+" if r % 2 == 0 else "-") + "FLAGS.SILENT", "(\\Seen)")
        assert typ == "OK"
        if pause:
            time.sleep(pause)
        t = time.monotonic()
        typ, _ = device.uid("FETCH", "1:*", "(UID FLAGS) (CHANGEDSINCE %d)" % highest)
        times.append((time.monotonic() - t) * 1e3)
        assert typ == "OK"
        device.untagged_responses.clear()
base = statistics.median(servers[0][4])
for name, device, other, highest, times in servers:
    q = sorted(times)
    print("%s median %.2f ms (p25 %.2f, p75 %.2f), ratio to %s %.2f" % (
        name, statistics.median(q), q[len(q) // 4], q[3 * len(q) // 4], servers[0][0], statistics.median(q) / base))
    device.logout()
    other.logout()

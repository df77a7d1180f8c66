#!/usr/bin/env bash
# Server CPU per IMAP APPEND and per single-message FETCH, for A/B trials of a database setting (issue 11):
# boots bin/cpm-mss with a copy of the shipped conf/ on a fresh data directory (ports base 23000), optionally appends
# one line to conf/james-database.properties, warms up with 1,500 APPENDs and 1,500 FETCHes, then measures 500
# sequential 1 KiB APPENDs and 1,500 sequential UID FETCH BODY.PEEK[] (one message each) with Python's imaplib,
# printing the rates and the server's CPU time (from /proc) for each.
#
#   bench/imap-profile/cpu-ab.sh none
#   bench/imap-profile/cpu-ab.sh openjpa.jdbc.QuerySQLCache=true
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
EXTRA="${1:?usage: cpu-ab.sh none|<james-database.properties line>}"
W=$(mktemp -d /tmp/cpm-cpu-ab-XXXXXX); cpm_conf "$W" "${CPM_PORT_BASE:-23000}"
[ "$EXTRA" != none ] && echo "$EXTRA" >> "$W/conf/james-database.properties"
trap 'cpm_stop_term; rm -rf "$W"' EXIT
cpm_start "$W"; cpm_users

imap() { # imap N append|fetch
  python3 - "$IMAP_PORT" "$1" "$2" <<'PY'
import imaplib, socket, sys, time
port, n, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
m = imaplib.IMAP4("127.0.0.1", port); m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
m.login("alice@example.com", "pw")
try:
    m.create("bench")
except imaplib.IMAP4.error:
    pass
m.select("bench")
body = ("From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\n\r\n" + "x" * 1000 + "\r\n").encode()
t = time.time()
for i in range(1, n + 1):
    if mode == "append":
        m.append("bench", None, None, body)
    else:
        m.uid("FETCH", str(i), "(BODY.PEEK[])")
print("%s %d %.1f/s" % (mode, n, n / (time.time() - t)), end="")
m.logout()
PY
}
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$SERVER_PID/stat"; }
measure() { # measure N append|fetch
  local c0 c1; c0=$(cpu_ms); local line; line=$(imap "$1" "$2"); c1=$(cpu_ms)
  echo "$line server_cpu_ms_per_op=$(echo "scale=2; ($c1 - $c0) / $1" | bc)"
}
imap 1500 append >/dev/null; imap 1500 fetch >/dev/null
echo "setting=$EXTRA | $(measure 500 append) | $(measure 1500 fetch)"

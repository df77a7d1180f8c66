#!/usr/bin/env bash
# Issue 26's "10 devices syncing the same 10,000-object conversation at once", cpm-mss and Dovecot 2.3 side by side:
# a fresh cpm-mss (this checkout, shipped configuration, bench/ingest/server.sh) and a fresh Dovecot (the harness's
# configuration: maildir, default fsync, bench/harness/harness.py), each filled once by bench/read-path/devices.py
# (not timed; cpm-mss then left to fall idle), then ROUNDS rounds of devices.py on each, alternating (cpm-mss first
# in odd rounds, Dovecot first in even ones).
#
#   bench/read-path/devices-vs-dovecot.sh [ROUNDS=3] [PORT=61900]
#
# Ports: cpm-mss PORT..PORT+4 (compact layout), Dovecot IMAP PORT+5 and LMTP PORT+6. Needs root (Dovecot drops to
# nobody). Prints devices.py's line per round, tagged "cpm-mss" or "dovecot"; both servers are stopped at the end.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS="${1:-3}"; PORT="${2:-61900}"
command -v dovecot >/dev/null || { echo "Dovecot is not installed: apt-get install dovecot-imapd" >&2; exit 2; }
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
WORK="$(mktemp -d /tmp/cpm-devices-XXXXXX)"
DOVECOT_PORT=$((PORT + 5))
dovecot_start() {
  HARNESS_PORT_BASE="$PORT" HARNESS_COMPACT_PORTS=1 python3 -c "
import sys; sys.path.insert(0, '$HERE/../harness'); import harness
d = harness.Dovecot('$WORK'); d.start(); print('dovecot', d.version, 'on port', d.port)"
}
dovecot_stop() {
  [ -f "$WORK/dovecot/dovecot.conf" ] && dovecot -c "$WORK/dovecot/dovecot.conf" stop 2>/dev/null || true
}
trap 'dovecot_stop; cpm_stop_term' EXIT
mkdir -p "$WORK/cpm"
# the server runs from a copy of the build: rebuilding the checkout meanwhile cannot change its classes halfway
cpm_snapshot "$WORK/cpm"
cpm_conf "$WORK/cpm" "$PORT"
cpm_start "$WORK/cpm" && cpm_users
dovecot_start
round() {
  case "$1" in
    cpm-mss) python3 "$HERE/devices.py" --port "$IMAP_PORT" --user alice@example.com --password pw --rounds 1 \
               --pid "$SERVER_PID" --label "cpm-mss " ;;
    dovecot) python3 "$HERE/devices.py" --port "$DOVECOT_PORT" --user bench@bench.test --password pw --rounds 1 \
               --label "dovecot " ;;
  esac
}
# the fills, not timed (devices.py with no round); then cpm-mss falls idle (its deferred text index of the fill, the
# CPU of which is printed) before the first round, as the harness lets it before each scenario
python3 "$HERE/devices.py" --port "$IMAP_PORT" --user alice@example.com --password pw --rounds 0
python3 "$HERE/devices.py" --port "$DOVECOT_PORT" --user bench@bench.test --password pw --rounds 0
ticks=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
echo "cpm-mss CPU after the fill until idle: $(python3 -c "print(round($(cpm_settle_ticks "$ticks") / $(getconf CLK_TCK), 2))") s"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then round cpm-mss; round dovecot; else round dovecot; round cpm-mss; fi
done

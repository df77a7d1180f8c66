#!/usr/bin/env bash
# Dovecot's imaptest against cpm-mss and Dovecot 2.3 side by side: its scripted conformance suite (every test group
# of a tests directory, each server once) and its stress/benchmark mode (random commands from N clients with state
# tracking: an answer that contradicts the state imaptest tracks is printed as an error) for SECS seconds, ROUNDS
# rounds alternating the servers (cpm-mss first in odd rounds).
#
#   IMAPTEST=/path/to/imaptest TESTS=/path/to/imaptest/src/tests bench/imaptest/run.sh [ROUNDS=3] [PORT=61950]
#
# imaptest is not part of this project and nothing here builds it: build it by hand from Dovecot's repository
# (its release-2.3.21 branch builds against Debian's dovecot-dev 2.3.19) and point IMAPTEST at the binary
# (LD_LIBRARY_PATH=/usr/lib/dovecot for libdovecot). Env: SECS (default 30), CLIENTS (default 10).
# Ports: cpm-mss PORT..PORT+4 (compact layout), Dovecot IMAP PORT+5. Needs root (Dovecot drops to nobody).
# Prints, per server: the suite's summary lines, then per round the stress run's command totals and its error count.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS="${1:-3}"; PORT="${2:-61950}"; SECS="${SECS:-30}"; CLIENTS="${CLIENTS:-10}"
[ -x "${IMAPTEST:-}" ] || { echo "IMAPTEST must name an imaptest binary (see the header of this script)" >&2; exit 2; }
[ -d "${TESTS:-}" ] || { echo "TESTS must name imaptest's tests directory (src/tests of its repository)" >&2; exit 2; }
command -v dovecot >/dev/null || { echo "Dovecot is not installed: apt-get install dovecot-imapd" >&2; exit 2; }
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-/usr/lib/dovecot}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
WORK="$(mktemp -d /tmp/cpm-imaptest-XXXXXX)"
DOVECOT_PORT=$((PORT + 5))
dovecot_stop() {
  [ -f "$WORK/dovecot/dovecot.conf" ] && dovecot -c "$WORK/dovecot/dovecot.conf" stop 2>/dev/null || true
}
trap 'dovecot_stop; cpm_stop_term' EXIT
mkdir -p "$WORK/cpm"
cpm_snapshot "$WORK/cpm"  # run from a copy of the build: a rebuild of the checkout meanwhile changes nothing
cpm_conf "$WORK/cpm" "$PORT"
cpm_start "$WORK/cpm" && cpm_users
HARNESS_PORT_BASE="$PORT" HARNESS_COMPACT_PORTS=1 python3 -c "
import sys; sys.path.insert(0, '$HERE/../harness'); import harness
d = harness.Dovecot('$WORK'); d.start(); print('dovecot', d.version, 'on port', d.port)"
target() {  # server -> imaptest's connection arguments
  case "$1" in
    cpm-mss) echo "host=127.0.0.1 port=$IMAP_PORT user=alice@example.com pass=pw" ;;
    dovecot) echo "host=127.0.0.1 port=$DOVECOT_PORT user=bench@bench.test pass=pw" ;;
  esac
}
for server in cpm-mss dovecot; do
  # shellcheck disable=SC2046
  "$IMAPTEST" $(target "$server") test="$TESTS" > "$WORK/suite-$server.log" 2>&1 || true
  echo "$server suite: $(grep -E 'test groups|individual commands' "$WORK/suite-$server.log" | tr '\n' ';')"
done
stress() {
  local log="$WORK/stress-$1-$2.log"
  # shellcheck disable=SC2046
  "$IMAPTEST" $(target "$1") mbox="$TESTS/default.mbox" secs="$SECS" clients="$CLIENTS" > "$log" 2>&1 || true
  echo "$1 round $2 (${SECS} s, $CLIENTS clients, load $(cut -d' ' -f1 /proc/loadavg)): $(grep -A4 '^Totals' "$log" | sed -n '2p;5p' | tr -s ' ' | tr '\n' '|') errors $(grep -ci 'error' "$log" || true)"
}
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then order="cpm-mss dovecot"; else order="dovecot cpm-mss"; fi
  for server in $order; do stress "$server" "$r"; done
done
echo "logs in $WORK"

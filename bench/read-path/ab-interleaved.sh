#!/usr/bin/env bash
# Two frozen builds (bench/ingest/server.sh's cpm_snapshot) side by side, each on a fresh server and data directory
# with OBJECTS 1 KiB messages, one untimed round of single FETCHes each, both left to fall idle, then ROUNDS rounds of
# single-message `UID FETCH n (BODY.PEEK[])` taken in turn, A then B then B then A… (ab-interleaved.py): on a machine
# whose speed drifts, two builds measured seconds apart compare better than two fresh-server runs minutes apart.
#
#   bench/read-path/ab-interleaved.sh HOME_A HOME_B [PORT=61700]        (OBJECTS=2000 ROUNDS=20; B on PORT+10)
#
# DOVECOT=1: Dovecot (bench/harness/harness.py's configuration, on PORT+30 and PORT+31) as a third server, filled
# the same way, its rounds taken in turn with the others (its CPU: the imap process of the connection).
# JAVA_OPTS_A / JAVA_OPTS_B: the JVM options of either server (default: bin/cpm-mss's shipped ones), e.g. one build
# against itself with another JIT policy.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; PORT="${3:-61700}"
OBJECTS="${OBJECTS:-2000}"; ROUNDS="${ROUNDS:-20}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
BENCH="$CPM_HOME/bench"
WA=$(mktemp -d /tmp/ab-inter-XXXXXX); WB=$(mktemp -d /tmp/ab-inter-XXXXXX)
PID_A=; PID_B=; WD=
DOVECOT_PY="import os, sys; sys.path.insert(0, '$BENCH/harness'); import harness; d = harness.Dovecot(sys.argv[1])"
stop_all() {
  SERVER_PID=$PID_A; cpm_stop_term; SERVER_PID=$PID_B; cpm_stop_term
  if [ -n "$WD" ]; then dovecot -c "$WD/dovecot/dovecot.conf" stop 2>/dev/null; rm -rf "$WD" "$WD.log"; fi
  rm -rf "$WA" "$WB"
}
trap stop_all EXIT
JAVA_OPTS="${JAVA_OPTS_A:-}" CPM_HOME="$A"; export JAVA_OPTS; cpm_conf "$WA" "$PORT"; cpm_start "$WA" && cpm_users; PID_A=$SERVER_PID; PORT_A=$IMAP_PORT
JAVA_OPTS="${JAVA_OPTS_B:-}" CPM_HOME="$B"; export JAVA_OPTS; cpm_conf "$WB" $((PORT + 10)); cpm_start "$WB" && cpm_users; PID_B=$SERVER_PID; PORT_B=$IMAP_PORT
for p in "$PORT_A" "$PORT_B"; do
  python3 "$BENCH/read-path/phases.py" --port "$p" --user alice@example.com --password pw --objects "$OBJECTS" \
    --phases single --rounds 1 >/dev/null
done
DOVECOT_SERVER=()
if [ -n "${DOVECOT:-}" ]; then
  WD=$(mktemp -d /tmp/ab-inter-dovecot-XXXXXX)
  # (Dovecot's daemon must not keep this script's output open: a pipe reading it would never end)
  HARNESS_PORT_BASE=$((PORT - 114)) python3 -c "$DOVECOT_PY; d.start()" "$WD" >"$WD.log" 2>&1
  python3 "$BENCH/read-path/phases.py" --port $((PORT + 30)) --user bench@bench.test --password pw --objects "$OBJECTS" \
    --phases single --rounds 1 >/dev/null
  DOVECOT_SERVER=(--server "Dovecot:$((PORT + 30)):dovecot:bench@bench.test")
fi
SERVER_PID=$PID_A; cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$PID_A/stat")" >/dev/null
SERVER_PID=$PID_B; cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$PID_B/stat")" >/dev/null
python3 "$BENCH/read-path/ab-interleaved.py" --server "A:$PORT_A:$PID_A" --server "B:$PORT_B:$PID_B" \
  "${DOVECOT_SERVER[@]}" --rounds "$ROUNDS"

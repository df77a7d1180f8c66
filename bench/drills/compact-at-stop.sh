#!/usr/bin/env bash
# H2 file sizes while running and after a clean stop (docs/benchmarks.md, fifth pass): bin/cpm-mss from a snapshot of
# the build with the shipped conf/ (ports from CPM_PORT_BASE, default 26000), OBJECTS LMTP objects per connection
# over 4 connections, then SIGTERM; prints the sizes of h2/*.mv.db before and after and the stop time.
#   [DOOR=lmtp] bench/drills/compact-at-stop.sh [OBJECTS=400]     (DOOR: any door of bench/ingest/load.py)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
SRC="$CPM_HOME"
OBJECTS="${1:-400}"
WORK="$(mktemp -d /tmp/cpm-compact-XXXXXX)"
cpm_snapshot "$WORK"; cpm_conf "$WORK" "${CPM_PORT_BASE:-26000}"
trap 'cpm_kill' EXIT
sizes() { for f in "$WORK"/data/h2/*.mv.db; do printf '%s=%s ' "$(basename "$f" .mv.db)" "$(stat -c %s "$f")"; done; }
cpm_start "$WORK" "$WORK/data" || exit 2
cpm_users
python3 "$SRC/bench/ingest/load.py" "${LOAD_PORTS[@]}" --door "${DOOR:-lmtp}" --conns 4 --count "$OBJECTS" --tag c
echo "running: $(sizes)"
start=$(date +%s.%N); kill -TERM "$SERVER_PID"; while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 0.2; done
echo "stopped in $(python3 -c "import time; print(round(time.time() - $start, 1))") s: $(sizes)"

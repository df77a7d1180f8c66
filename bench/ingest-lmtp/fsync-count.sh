#!/usr/bin/env bash
# Forces per LMTP object: a fresh server (ports PORT..PORT+4, default 23100), 200 untimed objects for two owners over
# one connection, then `strace -f -c -e trace=fdatasync,fsync` on the server while COUNT more (default 300) are
# delivered over one connection (bench/ingest/load.py); prints the counts and the fdatasync per object.
#   bench/ingest-lmtp/fsync-count.sh [COUNT] [PORT]        (needs strace)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COUNT="${1:-300}"; PORT="${2:-23100}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
WORK="$(mktemp -d /tmp/cpm-fsync-count-XXXXXX)"
cpm_conf "$WORK" "$PORT"
trap 'cpm_stop_term; rm -rf "$WORK"' EXIT
cpm_start "$WORK" && cpm_users
JVM="$(pgrep -f "java.*$WORK/conf" | head -1)"
python3 "$HERE/../ingest/load.py" "${LOAD_PORTS[@]}" --door lmtp --conns 1 --count 200 --tag warm$RANDOM >/dev/null 2>&1
strace -f -c -e trace=fdatasync,fsync -p "$JVM" -o "$WORK/strace.txt" 2>/dev/null &
TRACER=$!
sleep 1.5
python3 "$HERE/../ingest/load.py" "${LOAD_PORTS[@]}" --door lmtp --conns 1 --count "$COUNT" --tag fs$RANDOM 2>&1 | tail -1
kill -INT "$TRACER"; wait "$TRACER" 2>/dev/null || true
grep -E "calls|fdatasync|fsync" "$WORK/strace.txt"
awk -v n="$COUNT" '$NF == "fdatasync" {printf "fdatasync per object: %.2f\n", $4 / n}' "$WORK/strace.txt"

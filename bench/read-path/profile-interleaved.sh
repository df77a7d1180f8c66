#!/usr/bin/env bash
# Where a single FETCH's CPU goes in two builds, profiled in the same minutes: both servers run with frame pointers
# (as bench/read-path/perf-summary.py needs), each with OBJECTS messages, a warm round and an idle wait, then
# ab-interleaved.py takes rounds in turn while `perf record` samples each JVM (SECONDS_REC seconds), and
# perf-summary.py prints each build's breakdown. Output in OUT (perf-A.data, perf-B.data, summaries).
#
#   bench/read-path/profile-interleaved.sh HOME_A HOME_B OUT [PORT=61700]   (OBJECTS=2000 ROUNDS=16 SECONDS_REC=8)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; OUTDIR="$3"; PORT="${4:-61700}"
OBJECTS="${OBJECTS:-2000}"; ROUNDS="${ROUNDS:-16}"; SECONDS_REC="${SECONDS_REC:-8}"
FP="-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 -XX:+PreserveFramePointer"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
BENCH="$CPM_HOME/bench"
mkdir -p "$OUTDIR"
WA=$(mktemp -d /tmp/prof-inter-XXXXXX); WB=$(mktemp -d /tmp/prof-inter-XXXXXX)
PID_A=; PID_B=
stop_all() { SERVER_PID=$PID_A; cpm_stop_term; SERVER_PID=$PID_B; cpm_stop_term; rm -rf "$WA" "$WB"; }
trap stop_all EXIT
export JAVA_OPTS="$FP"
CPM_HOME="$A"; cpm_conf "$WA" "$PORT"; cpm_start "$WA" && cpm_users; PID_A=$SERVER_PID; PORT_A=$IMAP_PORT
CPM_HOME="$B"; cpm_conf "$WB" $((PORT + 10)); cpm_start "$WB" && cpm_users; PID_B=$SERVER_PID; PORT_B=$IMAP_PORT
for p in "$PORT_A" "$PORT_B"; do
  python3 "$BENCH/read-path/phases.py" --port "$p" --user alice@example.com --password pw --objects "$OBJECTS" \
    --phases single --rounds 1 >/dev/null
done
SERVER_PID=$PID_A; cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$PID_A/stat")" >/dev/null
SERVER_PID=$PID_B; cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$PID_B/stat")" >/dev/null
python3 "$BENCH/read-path/ab-interleaved.py" --server "A:$PORT_A:$PID_A" --server "B:$PORT_B:$PID_B" --rounds "$ROUNDS" \
  > "$OUTDIR/rounds.txt" &
LOAD=$!
sleep 2
perf record -F 2999 -g -p "$PID_A" -o "$OUTDIR/perf-A.data" -- sleep "$SECONDS_REC" 2>/dev/null &
REC_A=$!
perf record -F 2999 -g -p "$PID_B" -o "$OUTDIR/perf-B.data" -- sleep "$SECONDS_REC" 2>/dev/null
wait "$REC_A"
jcmd "$PID_A" Compiler.perfmap >/dev/null; jcmd "$PID_B" Compiler.perfmap >/dev/null
wait "$LOAD"; cat "$OUTDIR/rounds.txt"
for x in A B; do
  echo "== $x"; python3 "$HERE/perf-summary.py" "$OUTDIR/perf-$x.data" | tee "$OUTDIR/summary-$x.txt"
done

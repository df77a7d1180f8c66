#!/usr/bin/env bash
# Issue 27's steady load: LMTP ingestion of 1 KiB chat objects for two owners at a share (RATIO, default 0.8) of the
# rate the server reaches when pushed, for STEADY_SECONDS (default 600), with one RCS device per owner syncing the same
# conversations meanwhile (bench/ingest/sync-reader.py). Boots bin/cpm-mss from a copy of this checkout's build with
# the shipped conf/ and JVM options (own ports, compact layout).
#   1. the maximum: 8 LMTP connections as fast as the server answers for MAX_SECONDS (default 30);
#   2. the steady load: 8 connections paced to RATIO x that maximum (bench/ingest/load.py --rate), the two readers
#      beside it; the live heap (the old generation after a full collection: jcmd GC.run, then jstat's OU) is
#      noted at 60 s, at the middle and at the end, the RSS every 30 s, the collections' counts at the end.
# Prints load.py's line (objects, failed, errors, rate, p50, p99 from each object's send to its 250), each reader's
# line (cycles, objects read, errors, lag at the end), the heap samples and the RSS samples.
#
#   [STEADY_SECONDS=600] [RATIO=0.8] [MAX_SECONDS=30] [CPM_PORT_BASE=61600] bench/ingest/steady-with-reader.sh
set -uo pipefail
export CPM_COMPACT_PORTS="${CPM_COMPACT_PORTS-1}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/server.sh"
SECONDS_RUN="${STEADY_SECONDS:-600}"; RATIO="${RATIO:-0.8}"; MAX_SECONDS="${MAX_SECONDS:-30}"
WORK=$(mktemp -d /tmp/cpm-steady-reader-XXXXXX); echo "work directory $WORK"
cpm_snapshot "$WORK" >/dev/null
cpm_conf "$WORK" "${CPM_PORT_BASE:-61600}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"; cpm_users
L="python3 $HERE/load.py ${LOAD_PORTS[*]}"
heap_after_gc() {  # the old generation's occupancy (jstat OU, KB) right after a full collection: the live heap
  jcmd "$SERVER_PID" GC.run >/dev/null
  jstat -gc "$SERVER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } NR == 2 { printf "%.0f KB old generation", $col["OU"] }'
}
gc_counts() {
  jstat -gc "$SERVER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } NR == 2 { printf "%d young (%.1f s), %d full (%.1f s)", $col["YGC"], $col["YGCT"], $col["FGC"], $col["FGCT"] }'
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
max_line=$($L --door lmtp --conns 8 --seconds "$MAX_SECONDS" --tag max --quiet-errors)
echo "maximum: $max_line"
max_rate=$(sed -E 's/.* rate=([0-9.]+).*/\1/' <<<"$max_line")
rate=$(python3 -c "print(round($max_rate * $RATIO, 1))")
echo "steady load: $rate objects/s (${RATIO} x $max_rate) for $SECONDS_RUN s, 8 connections, with a reader per owner"
READERS=()
for owner in alice bob; do
  python3 "$HERE/sync-reader.py" --port "$IMAP_PORT" --user "$owner@example.com" --seconds "$SECONDS_RUN" \
    > "$WORK/reader-$owner.log" 2>&1 &
  READERS+=($!)
done
$L --door lmtp --conns 8 --rate "$rate" --seconds "$SECONDS_RUN" --tag steady > "$WORK/load.log" 2>&1 &
LOAD=$!
t0=$SECONDS; heap_at=(60 $((SECONDS_RUN / 2)) $((SECONDS_RUN - 5))); h=0
: > "$WORK/rss.tsv"
while kill -0 "$LOAD" 2>/dev/null; do
  el=$((SECONDS - t0))
  if [ "$h" -lt 3 ] && [ "$el" -ge "${heap_at[$h]}" ]; then
    echo "heap after a full GC at ${el} s: $(heap_after_gc)" | tee -a "$WORK/heap.txt"; h=$((h + 1))
  fi
  if [ $((el % 30)) -eq 0 ]; then
    echo "$el $(( $(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status") / 1024 ))" >> "$WORK/rss.tsv"
  fi
  sleep 1
done
wait "$LOAD" "${READERS[@]}"
echo "load: $(grep -v '^error' "$WORK/load.log" | tail -1)"
echo "errors printed by the load: $(grep -c '^error' "$WORK/load.log")"
cat "$WORK"/reader-*.log
echo "RSS MB every 30 s: $(awk '{printf "%s ", $2}' "$WORK/rss.tsv")"
echo "collections since start: $(gc_counts)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
trap - EXIT; cpm_stop_term

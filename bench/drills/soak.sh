#!/usr/bin/env bash
# Soak drill (issue 11): mixed PF load over LMTP, SMTP, HTTP and SIP (8 connections, two per door) at a fixed
# total rate for MINUTES minutes against bin/cpm-mss with the shipped configuration (own ports, a pf token).
# Every minute it records the load client's error count and the server's live heap (jcmd GC.run, then
# jstat -gc: old generation used; jcmd GC.heap_info kept per minute), in WORK/soak.tsv. At the end it prints the table and
#   SOAK-SUMMARY minutes=.. objects=.. errors=.. old_used_first_kb=.. old_used_last_kb=.. old_used_max_kb=..
#
#   bench/drills/soak.sh [MINUTES=30] [RATE=20]
# The server runs from a snapshot of the build (WORK/home), so rebuilding the worktree meanwhile is safe.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
MINUTES="${1:-30}"; RATE="${2:-20}"
WORK="$(mktemp -d /tmp/cpm-soak-XXXXXX)"
SRC="$CPM_HOME"
cpm_snapshot "$WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-22000}"
trap 'kill $LOADER 2>/dev/null || true; cpm_stop_term' EXIT
cpm_start "$WORK"
cpm_users
echo "soak: work dir $WORK, $MINUTES min at $RATE objects/s" >&2
python3 "$SRC/bench/ingest/load.py" --door mixed --conns 8 --seconds $((MINUTES * 60)) --rate "$RATE" --tag soak \
  "${LOAD_PORTS[@]}" --ack-log "$WORK/acked" > "$WORK/load.out" 2> "$WORK/load.err" &
LOADER=$!
printf 'minute\tacked\terrors\told_used_kb\theap_used_kb\trss_kb\n' > "$WORK/soak.tsv"
for m in $(seq 1 "$MINUTES"); do
  sleep 60
  acked=$(wc -l < "$WORK/acked" 2>/dev/null || echo 0)
  errors=$(grep -c '^\(error\|refused\)' "$WORK/load.err" || true)
  jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true   # live set: old generation after a full collection
  gc=$(jstat -gc "$SERVER_PID" | tail -1)
  old=$(awk '{print int($8)}' <<<"$gc")
  heap=$(awk '{print int($3+$4+$6+$8)}' <<<"$gc")
  rss=$(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status")
  jcmd "$SERVER_PID" GC.heap_info > "$WORK/heap-$m.txt" 2>&1 || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$acked" "$errors" "$old" "$heap" "$rss" | tee -a "$WORK/soak.tsv" >&2
done
wait "$LOADER" || true
cat "$WORK/load.out"
errors=$(grep -c '^\(error\|refused\)' "$WORK/load.err" || true)
server_errors=$(grep -c '\[ERROR\]' "$WORK/server.log" || true)
column -t "$WORK/soak.tsv"
awk -v errors="$errors" -v serr="$server_errors" -v mins="$MINUTES" 'NR>1{if(!f)f=$4; l=$4; if($4>mx)mx=$4; a=$2}
  END{printf "SOAK-SUMMARY minutes=%s objects=%s errors=%s server_log_errors=%s old_used_first_kb=%s old_used_last_kb=%s old_used_max_kb=%s\n", mins, a, errors, serr, f, l, mx}' "$WORK/soak.tsv"

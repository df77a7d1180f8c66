#!/usr/bin/env bash
# Issue 22's disk soak: mixed ingestion with IMAP readers for DURATION seconds on a server of our own, the data
# directory's size sampled against its live content, errors counted, a clean stop at the end.
#
#   DURATION=1800 bench/soak/run.sh            (environment, defaults in brackets:
#     DURATION [1800] seconds of load         PORT_BASE [61800]: LMTP +24, SMTP +25, IMAP +43, SIP +62, HTTP +80
#     LMTP_RATE [10] objects/s over LMTP_CONNS [2] connections, HTTP_RATE [4] objects/s over HTTP_CONNS [2]
#       (every object is a 1 KiB chat object for two owners, alice and bob: bench/ingest/load.py)
#     APPEND_RATE [2] IMAP APPENDs/s (alice, folder Soak)
#     KEEP [1000] messages kept per folder: the readers expunge the oldest past it (bench/store/soak.py)
#     SAMPLE [30] seconds between two samples; ALLOWANCE [512] bytes of metadata allowance per live message)
#
# Live content (docs/benchmarks.md, "Issue 22 disk soak"): the sum of RFC822.SIZE of every message not expunged, in
# every folder of both owners, plus ALLOWANCE bytes per such message. Every SAMPLE seconds WORK/disk.tsv gets the live
# content beside `du` of DATA/mailstore and of the whole data directory, and WORK/parts.tsv the size of each part of
# the data directory (mailstore metadata and segments, each H2 file, lucene-text, ActiveMQ, ...).
# Errors: load-client errors and refusals, IMAP errors (exceptions, NO, BAD), `[ERROR]` lines of the server log.
# Ends with SOAK-SUMMARY (max data/live ratio overall and after the first third; errors; stop time) and the parts
# of the data directory at the last sample.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../ingest/server.sh"
DURATION="${DURATION:-1800}"; PORT_BASE="${PORT_BASE:-61800}"
LMTP_RATE="${LMTP_RATE:-10}"; LMTP_CONNS="${LMTP_CONNS:-2}"; HTTP_RATE="${HTTP_RATE:-4}"; HTTP_CONNS="${HTTP_CONNS:-2}"
APPEND_RATE="${APPEND_RATE:-2}"; KEEP="${KEEP:-1000}"; SAMPLE="${SAMPLE:-30}"; ALLOWANCE="${ALLOWANCE:-512}"
WORK="$(mktemp -d /tmp/cpm-soak-XXXXXX)"
SRC="$CPM_HOME"
cpm_snapshot "$WORK"
cpm_conf "$WORK" "$PORT_BASE"
# IMAP on BASE+43 (not +143): every door then lies within BASE+24..BASE+80, a block of 100 ports
sed -i "s/127.0.0.1:$IMAP_PORT/127.0.0.1:$((PORT_BASE + 43))/" "$WORK/conf/imapserver.xml"
IMAP_PORT=$((PORT_BASE + 43))
LOAD_PORTS=(--lmtp-port "$LMTP_PORT" --smtp-port "$SMTP_PORT" --http-port "$HTTP_PORT" --sip-port "$SIP_PORT"
            --imap-port "$IMAP_PORT" --token "$CPM_TOKEN")
LOADERS=()
trap 'for p in "${LOADERS[@]}"; do kill "$p" 2>/dev/null || true; done; cpm_stop_term' EXIT
cpm_start "$WORK"
cpm_users
echo "soak: work dir $WORK, ${DURATION}s, LMTP $LMTP_RATE/s, HTTP $HTTP_RATE/s (2 owners each), APPEND $APPEND_RATE/s, keep $KEEP" >&2
uptime > "$WORK/load-average"
# the server log's errors are counted from here (cpm_start's port probes send a bare newline to the SIP door, which
# JAIN-SIP logs as an [ERROR] "send a single CLRF"): from the load's start to the stop
log_lines_at_load=$(wc -l < "$WORK/server.log")
for door in lmtp http; do
  rate_var="${door^^}_RATE"; conns_var="${door^^}_CONNS"
  python3 "$SRC/bench/ingest/load.py" --door "$door" --conns "${!conns_var}" --seconds "$DURATION" --rate "${!rate_var}" \
    --tag "soak$door" "${LOAD_PORTS[@]}" --ack-log "$WORK/acked-$door" > "$WORK/load-$door.out" 2> "$WORK/load-$door.err" &
  LOADERS+=($!)
done
( while sleep 300; do uptime >> "$WORK/load-average"; done ) &
LOADERS+=($!)
python3 "$SRC/bench/store/soak.py" --imap-port "$IMAP_PORT" --seconds "$DURATION" --data "$WORK/data" \
  --keep "$KEEP" --append-rate "$APPEND_RATE" --sample "$SAMPLE" --allowance "$ALLOWANCE" \
  --out "$WORK/disk.tsv" --breakdown "$WORK/parts.tsv" > "$WORK/imap.out"
for p in "${LOADERS[@]:0:2}"; do wait "$p" || true; done
kill "${LOADERS[2]}" 2>/dev/null || true
uptime >> "$WORK/load-average"
log_lines_at_stop=$(wc -l < "$WORK/server.log")
stop_start=$(date +%s.%N)
cpm_stop_term
stop_seconds=$(echo "$(date +%s.%N) - $stop_start" | bc)
cat "$WORK"/load-*.out "$WORK/imap.out"
load_errors=$(cat "$WORK"/load-*.err | grep -c '^\(error\|refused\)' || true)
imap_errors=$(sed -n 's/.*IMAP-SUMMARY.* errors=\([0-9]*\).*/\1/p' "$WORK/imap.out")
# errors logged while the load ran (a stop may log one more: Reactor's onErrorDropped of a cancelled queue consumer)
server_errors=$(head -n "$log_lines_at_stop" "$WORK/server.log" | tail -n +"$((log_lines_at_load + 1))" | grep -c '\[ERROR\]' || true)
# objects a door refused with a temporary failure (the PF resends them; counted in load_errors)
grep -h '^refused' "$WORK"/load-*.err > "$WORK/refused" || true
column -t "$WORK/disk.tsv"
echo "parts of the data directory at the last sample (bytes):"
last=$(tail -1 "$WORK/parts.tsv" | cut -f1)
awk -F'\t' -v t="$last" '$1==t{printf "  %-40s %12d\n", $2, $3}' "$WORK/parts.tsv"
cat "$WORK/load-average"
awk -F'\t' -v total="$DURATION" -v le="$load_errors" -v ie="$imap_errors" -v se="$server_errors" -v st="$stop_seconds" \
  'NR>1{n++; if($9>amax)amax=$9; if($1>=total/3){if($9>dmax)dmax=$9; if($8>smax)smax=$8}; live=$3; data=$7; msgs=$2}
   END{printf "SOAK-SUMMARY seconds=%d samples=%d messages=%s live_kb=%s data_kb=%s max_data_ratio=%.2f max_data_ratio_after_first_third=%.2f max_mailstore_ratio_after_first_third=%.2f load_errors=%s imap_errors=%s server_log_errors=%s clean_stop_s=%.1f\n",
       total, n, msgs, live, data, amax, dmax, smax, le, ie, se, st}' "$WORK/disk.tsv"

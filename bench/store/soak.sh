#!/usr/bin/env bash
# Disk soak of the native message store (issue 22): bin/cpm-mss with the shipped conf/ switched to
# storage.embedded.mailbox=native, for MINUTES minutes:
#   - LMTP ingestion: bench/ingest/load.py, 1 KiB chat objects for two owners (alice, bob) over CONNS connections at
#     RATE objects/s in total;
#   - IMAP: alice APPENDs 1 KiB messages to "Soak" (APPEND_RATE/s); one reader per owner does SELECT, FETCH
#     (BODY.PEEK[]) of the newest, STORE \Seen and, past KEEP messages per folder, STORE \Deleted + EXPUNGE of the oldest
#     (bench/store/soak.py);
#   - every SAMPLE seconds: live content (sum of RFC822.SIZE of the messages not expunged, over IMAP) beside `du` of
#     DATA/mailstore (meta.mv.db, segments/) and of the whole data directory, in WORK/disk.tsv.
# Ends with SOAK-STORE-SUMMARY (the worst mailstore/live ratio after the first third of the run, errors).
#
#   bench/store/soak.sh [MINUTES=30] [RATE=20]      (env: KEEP=3000 APPEND_RATE=5 CONNS=4 SAMPLE=30
#                                                    CPM_PORT_BASE=22000: LMTP +24, SMTP +25, IMAP +43,
#                                                    SIP +62, HTTP +80)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
MINUTES="${1:-30}"; RATE="${2:-20}"
KEEP="${KEEP:-3000}"; APPEND_RATE="${APPEND_RATE:-5}"; CONNS="${CONNS:-4}"; SAMPLE="${SAMPLE:-30}"
WORK="$(mktemp -d /tmp/cpm-store-soak-XXXXXX)"
SRC="$CPM_HOME"
cpm_snapshot "$WORK"
BASE="${CPM_PORT_BASE:-22000}"
cpm_conf "$WORK" "$BASE"
# IMAP on BASE+43 (not +143): every door then lies within BASE+24..BASE+80, a block of 100 ports
sed -i "s/127.0.0.1:$IMAP_PORT/127.0.0.1:$((BASE + 43))/" "$WORK/conf/imapserver.xml"
IMAP_PORT=$((BASE + 43))
LOAD_PORTS=(--lmtp-port "$LMTP_PORT" --smtp-port "$SMTP_PORT" --http-port "$HTTP_PORT" --sip-port "$SIP_PORT"
            --imap-port "$IMAP_PORT" --token "$CPM_TOKEN")
sed -i 's/^storage.embedded.mailbox=.*/storage.embedded.mailbox=native/' "$WORK/conf/storage.properties"
trap 'kill $LOADER 2>/dev/null || true; cpm_stop_term' EXIT
cpm_start "$WORK"
cpm_users
echo "store soak: work dir $WORK, $MINUTES min, LMTP $RATE objects/s (2 owners), APPEND $APPEND_RATE/s, keep $KEEP" >&2
python3 "$SRC/bench/ingest/load.py" --door lmtp --conns "$CONNS" --seconds $((MINUTES * 60)) --rate "$RATE" \
  --tag soak "${LOAD_PORTS[@]}" --ack-log "$WORK/acked" > "$WORK/load.out" 2> "$WORK/load.err" &
LOADER=$!
python3 "$SRC/bench/store/soak.py" --imap-port "$IMAP_PORT" --seconds $((MINUTES * 60)) --data "$WORK/data" \
  --keep "$KEEP" --append-rate "$APPEND_RATE" --sample "$SAMPLE" --out "$WORK/disk.tsv" > "$WORK/imap.out"
wait "$LOADER" || true
cat "$WORK/load.out" "$WORK/imap.out"
lmtp_errors=$(grep -c '^\(error\|refused\)' "$WORK/load.err" || true)
imap_errors=$(sed -n 's/.*IMAP-SUMMARY.* errors=\([0-9]*\).*/\1/p' "$WORK/imap.out")
server_errors=$(grep -c '\[ERROR\]' "$WORK/server.log" || true)
column -t "$WORK/disk.tsv"
awk -F'\t' -v total="$((MINUTES * 60))" -v le="$lmtp_errors" -v ie="$imap_errors" -v se="$server_errors" \
  'NR>1{n++; last=$0; if($1>=total/3){if($8>smax)smax=$8; if($9>dmax)dmax=$9}; live=$3; store=$4; data=$7}
   END{printf "SOAK-STORE-SUMMARY minutes=%d samples=%d live_kb=%s mailstore_kb=%s data_kb=%s max_mailstore_ratio=%.2f max_data_ratio=%.2f lmtp_errors=%s imap_errors=%s server_log_errors=%s\n",
       total/60, n, live, store, data, smax, dmax, le, ie, se}' "$WORK/disk.tsv"

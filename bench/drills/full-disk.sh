#!/usr/bin/env bash
# Full-disk drill (issue 11): bin/cpm-mss (shipped configuration, own ports, a pf token) with its data directory
# on a small tmpfs (default 64 MiB; needs root for mount). Mixed PF ingestion over LMTP, SMTP, HTTP and SIP fills
# it; then:
#   1. refusals must be clean: every answer is a success or a 4xx/5xx (SIP/HTTP status), counted per door;
#   2. read back over IMAP while the disk is full (bench/drills/check.py; informative, see docs/benchmarks.md);
#   3. space returns (the tmpfs is grown to SIZE_AFTER with mount -o remount): WITHOUT a restart, 40 new objects
#      are tried (counted: recovered_without_restart), the PF resends every unacknowledged object and the check of
#      the objects acknowledged by LMTP, HTTP and SIP must pass on the running server (check_without_restart_rc);
#      the SMTP spool (ActiveMQ) does not recover without a restart (docs/operator-guide.md, "Full disk");
#   4. a restart must come up on the same data; the PF resends every unacknowledged object; the check must pass
#      (nothing acknowledged lost, no duplicate, UIDs and UIDVALIDITY intact: no corruption).
#
#   bench/drills/full-disk.sh [SIZE=64m] [SIZE_AFTER=512m]
# Prints FULL-DISK-SUMMARY acked_before_full=.. refused=.. (per door/answer) recovered=.. lost=.. duplicated=..
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
SIZE="${1:-64m}"; SIZE_AFTER="${2:-512m}"
SRC="$CPM_HOME"
WORK="$(mktemp -d /tmp/cpm-fulldisk-XXXXXX)"
MNT="$WORK/mnt"; mkdir -p "$MNT"
mount -t tmpfs -o size="$SIZE" tmpfs "$MNT" || { echo "full-disk: cannot mount a tmpfs (need root)"; exit 2; }
cpm_snapshot "$WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-27000}"
trap 'cpm_kill; umount "$MNT" 2>/dev/null' EXIT
LOAD=(python3 "$SRC/bench/ingest/load.py" "${LOAD_PORTS[@]}" --quiet-errors --timeout 30)
CHECK=(python3 "$SRC/bench/drills/check.py" "$IMAP_PORT" "$WORK/acked" "$WORK/check-state.json")
pending() {  # every id sent and not acknowledged ("id door" lines)
  awk 'NR==FNR{a[$1]=1; next} !($1 in a)' "$WORK/acked" "$WORK/sent" | sort -u > "$WORK/pending"
}
REPO="http://127.0.0.1:$HTTP_PORT/mailRepositories/var%2Fmail%2Ferror"
reprocess_errors() {  # spooled SMTP mail whose processing failed while full waits there for the operator
  local n; n=$(curl -sf "$REPO/mails?limit=100000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?")
  curl -sf -XPATCH "$REPO/mails?action=reprocess" > /dev/null || echo "reprocess request failed" >&2
  echo "$n"
}
health() { curl -s "http://127.0.0.1:$HTTP_PORT/healthcheck" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], ",".join(c["componentName"]+"="+c["status"] for c in d["checks"] if c["status"]!="healthy"))' 2>/dev/null; }
cpm_start "$WORK" "$MNT/data" || exit 2
cpm_users
echo "after start: $(df -h "$MNT" | tail -1)"
# fill: 8 connections, two per door, until the disk is full and refusals have been seen for 30 s
"${LOAD[@]}" --door mixed --conns 8 --seconds 900 --tag fill --ack-log "$WORK/acked" --sent-log "$WORK/sent" \
  > "$WORK/fill.out" 2> "$WORK/fill.err" &
loader=$!
full_at=
while kill -0 "$loader" 2>/dev/null; do
  sleep 2
  avail=$(df -k --output=avail "$MNT" | tail -1 | tr -d ' ')
  if [ -z "$full_at" ] && [ "$avail" -lt 1024 ]; then full_at=$SECONDS; echo "disk full (avail ${avail} KiB) after $(wc -l < "$WORK/acked") acknowledged objects"; fi
  if [ -n "$full_at" ] && [ $((SECONDS - full_at)) -ge 30 ]; then kill "$loader"; fi
done
wait "$loader" 2>/dev/null
acked_full=$(wc -l < "$WORK/acked")
echo "server alive while full: $(kill -0 "$SERVER_PID" 2>/dev/null && echo yes || echo NO)"
echo "answers while full (door: answer, count):"
grep '^refused:' "$WORK/fill.err" | sed -E 's/^refused: ([a-z]+) [^:]+: /\1: /; s/uid [0-9]+//g; s/<[^>]*>//g' | cut -c1-110 | sort | uniq -c | sort -rn | head -12
echo "transport errors while full: $(grep -c '^error:' "$WORK/fill.err")"
echo "health while full: $(health)"
"${CHECK[@]}" 60 2>&1 | sed 's/^/full:     /' | tail -3; full_rc=${PIPESTATUS[0]}
# space returns, no restart
mount -o remount,size="$SIZE_AFTER" "$MNT"
echo "space back: $(df -h "$MNT" | tail -1)"
sleep 5
echo "health after space returned: $(health)"
"${LOAD[@]}" --door mixed --conns 4 --count 10 --tag after --ack-log "$WORK/acked" --sent-log "$WORK/sent" > "$WORK/after.out" 2> "$WORK/after.err"
echo "without restart, 40 new: $(cat "$WORK/after.out"); answers: $(grep '^refused:' "$WORK/after.err" | sed -E 's/^refused: ([a-z]+) [^:]+: /\1: /; s/<[^>]*>//g' | cut -c1-80 | sort | uniq -c | sort -rn | head -4 | tr '\n' ';')"
recovered=$(sed -E 's/.* objects=([0-9]+).*/\1/' "$WORK/after.out")
# without a restart the PF resends every unacknowledged object (one try each: the SMTP spool stays down, below)
pending
"${LOAD[@]}" --door mixed --conns 4 --resend "$WORK/pending" --retries 1 --ack-log "$WORK/acked" > "$WORK/resend1.out" 2> "$WORK/resend1.err"
in_error1=$(reprocess_errors)
echo "without restart: resend of $(wc -l < "$WORK/pending") unacknowledged: $(cat "$WORK/resend1.out"); still refused per door: $(grep -c '^refused: lmtp' "$WORK/resend1.err") lmtp, $(grep -c '^refused: http' "$WORK/resend1.err") http, $(grep -c '^refused: sip' "$WORK/resend1.err") sip, $(grep -c '^refused: smtp' "$WORK/resend1.err") smtp; error repository: $in_error1 mails (reprocess requested)"
echo "health before the check: $(health)"
# the check on the running server covers what the synchronous doors (LMTP, HTTP, SIP) acknowledged: ActiveMQ
# stops its broker after a failed journal write, so SMTP-acknowledged objects wait in the spool until the restart
grep -v ' smtp$' "$WORK/acked" > "$WORK/acked-sync"
python3 "$SRC/bench/drills/check.py" "$IMAP_PORT" "$WORK/acked-sync" "$WORK/check-state.json" 120 | cut -c1-400 | sed 's/^/no-restart: /'; nor_rc=${PIPESTATUS[0]}
# restart (SIGTERM, SIGKILL after 120 s) on the same data; resend whatever is still unacknowledged, 20 new
kill -TERM "$SERVER_PID"; for _ in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$SERVER_PID" 2>/dev/null && { echo "clean stop took over 120 s: SIGKILL"; }
cpm_kill
cpm_start "$WORK" "$MNT/data" || { echo "restart after the full disk FAILED"; exit 1; }
pending
"${LOAD[@]}" --door mixed --conns 4 --resend "$WORK/pending" --retries 20 --ack-log "$WORK/acked" > "$WORK/resend.out" 2> "$WORK/resend.err"
"${LOAD[@]}" --door mixed --conns 4 --count 5 --tag restart --ack-log "$WORK/acked" > "$WORK/restart.out" 2>&1
in_error=$(reprocess_errors)
echo "error repository after the restart: $in_error mails (reprocessed)"
echo "after restart: resend of $(wc -l < "$WORK/pending") unacknowledged: $(cat "$WORK/resend.out"); new: $(cat "$WORK/restart.out" | tail -1)"
"${CHECK[@]}" 600 | cut -c1-400 | sed 's/^/restart:  /'; rst_rc=${PIPESTATUS[0]}
echo "server log: $(grep -c '\[ERROR\]' "$WORK/server.log") ERROR lines, work dir $WORK"
echo "FULL-DISK-SUMMARY size=$SIZE acked_before_full=$acked_full in_error_repository=$in_error1/$in_error refused=$(grep -c '^refused:' "$WORK/fill.err") transport_errors=$(grep -c '^error:' "$WORK/fill.err") recovered_without_restart=$recovered/40 check_full_rc=$full_rc check_without_restart_rc=$nor_rc check_after_restart_rc=$rst_rc"
[ "$nor_rc" = "0" ] && [ "$rst_rc" = "0" ]   # while full the check is informative: H2 may refuse reads too (see docs/benchmarks.md)

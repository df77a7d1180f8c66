#!/usr/bin/env bash
# Full-disk drill (issue 11): bin/cpm-mss (shipped configuration, own ports, a pf token) with its data directory
# on a small tmpfs (default 64 MiB; needs root for mount). Mixed PF ingestion over LMTP, SMTP, HTTP and SIP fills
# it; then:
#   1. refusals must be clean: every answer is a success or a 4xx/5xx (SIP/HTTP status), counted per door;
#   2. read back over IMAP while the disk is full (bench/drills/check.py; informative, see docs/benchmarks.md);
#   3. space returns (the tmpfs is grown to SIZE_AFTER with mount -o remount): new objects are tried without a
#      restart (counted: recovered_without_restart);
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
"${CHECK[@]}" 60 2>&1 | sed 's/^/full:     /' | tail -3; full_rc=${PIPESTATUS[0]}
# space returns, no restart
mount -o remount,size="$SIZE_AFTER" "$MNT"
echo "space back: $(df -h "$MNT" | tail -1)"
sleep 5
"${LOAD[@]}" --door mixed --conns 4 --count 10 --tag after --ack-log "$WORK/acked" > "$WORK/after.out" 2> "$WORK/after.err"
echo "without restart: $(cat "$WORK/after.out"); answers: $(grep '^refused:' "$WORK/after.err" | sed -E 's/^refused: ([a-z]+) [^:]+: /\1: /; s/<[^>]*>//g' | cut -c1-80 | sort | uniq -c | sort -rn | head -4 | tr '\n' ';')"
recovered=$(sed -E 's/.* objects=([0-9]+).*/\1/' "$WORK/after.out")
# restart (SIGTERM, SIGKILL after 120 s), then the PF resends everything sent and not acknowledged
kill -TERM "$SERVER_PID"; for _ in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$SERVER_PID" 2>/dev/null && { echo "clean stop took over 120 s: SIGKILL"; }
cpm_kill
cpm_start "$WORK" "$MNT/data" || { echo "restart after the full disk FAILED"; exit 1; }
cat "$WORK/sent" <(sed 's/$//' "$WORK/after.err" | sed -nE 's/^refused: ([a-z]+) ([^:]+): .*/\2 \1/p') \
  | awk 'NR==FNR{a[$1]=1; next} !($1 in a)' "$WORK/acked" - | sort -u > "$WORK/pending"
"${LOAD[@]}" --door mixed --conns 4 --resend "$WORK/pending" --retries 20 --ack-log "$WORK/acked" > "$WORK/resend.out" 2> "$WORK/resend.err"
"${LOAD[@]}" --door mixed --conns 4 --count 5 --tag restart --ack-log "$WORK/acked" > "$WORK/restart.out" 2>&1
# spooled SMTP mail whose processing failed while the disk was full is in the error repository (James keeps it
# for the operator): count it, then reprocess it as an operator would (WebAdmin), and wait for the queue
REPO="http://127.0.0.1:$HTTP_PORT/mailRepositories/var%2Fmail%2Ferror"
in_error=$(curl -sf "$REPO/mails?limit=100000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?")
curl -sf -XPATCH "$REPO/mails?action=reprocess" > /dev/null || echo "reprocess request failed"
echo "error repository after the restart: $in_error mails (reprocessed)"
echo "after restart: resend of $(wc -l < "$WORK/pending") unacknowledged: $(cat "$WORK/resend.out"); new: $(cat "$WORK/restart.out" | tail -1)"
"${CHECK[@]}" 600 | cut -c1-400 | sed 's/^/restart:  /'; rst_rc=${PIPESTATUS[0]}
echo "server log: $(grep -c '\[ERROR\]' "$WORK/server.log") ERROR lines, work dir $WORK"
echo "FULL-DISK-SUMMARY size=$SIZE acked_before_full=$acked_full in_error_repository=$in_error refused=$(grep -c '^refused:' "$WORK/fill.err") transport_errors=$(grep -c '^error:' "$WORK/fill.err") recovered_without_restart=$recovered/40 check_full_rc=$full_rc check_after_restart_rc=$rst_rc"
[ "$rst_rc" = "0" ]   # while full the check is informative: H2 may refuse reads too (see docs/benchmarks.md)

#!/usr/bin/env bash
# Full-disk drill (issue 11): bin/cpm-mss (shipped configuration, so the 128M reserve cpm.storage.min-free; own ports,
# a pf token) with its data directory on a small tmpfs (default 256 MiB; needs root for mount). Mixed PF ingestion
# over LMTP, SMTP, HTTP and SIP (8 connections) fills it; then:
#   1. the doors must refuse cleanly once free space is under the reserve: every answer a success or a temporary
#      refusal, counted per door; 10 s of load while refusing (every refused object is resent later: keep it short);
#   2. once the SMTP spool has drained, a ballast file fills the file system to 100 % (another process taking the
#      reserve): 400 more objects (8 connections) must be refused the same way, before anything is written (a single write would
#      break H2, see bench/drills/h2-full-disk.sh); the check reads everything back over IMAP while the disk is full
#      (check_full_rc must be 0; the users' first LOGIN, which creates their default folders, is done at the start);
#   3. space returns (ballast deleted, tmpfs grown to SIZE_AFTER with mount -o remount): WITHOUT a restart, 40 new
#      objects over the four doors must all be acknowledged at the first try, the PF resends every unacknowledged
#      object, and the check of everything acknowledged (all doors) must pass on the running server;
#   4. a restart must come up on the same data; 20 new objects; the check must pass again (nothing acknowledged
#      lost, no duplicate, UIDs and UIDVALIDITY intact: no corruption).
#
#   bench/drills/full-disk.sh [SIZE=256m] [SIZE_AFTER=2g]
# Prints FULL-DISK-SUMMARY ...; exits 0 when every check passed. Figures: docs/benchmarks.md.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
SIZE="${1:-256m}"; SIZE_AFTER="${2:-2g}"
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
ADMIN="http://127.0.0.1:$HTTP_PORT"
error_repository() {  # spooled SMTP mail whose processing failed waits there for the operator (expected: 0)
  curl -sf "$ADMIN/mailRepositories/var%2Fmail%2Ferror/mails?limit=100000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?"
}
spool_size() { curl -sf "$ADMIN/mailQueues/spool" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])' 2>/dev/null || echo "?"; }
health() { curl -s "$ADMIN/healthcheck" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], ",".join(c["componentName"]+"="+c["status"] for c in d["checks"] if c["status"]!="healthy"))' 2>/dev/null; }
answers() {  # per door and answer, from a load.py error log
  grep '^refused:' "$1" | sed -E 's/^refused: ([a-z]+) [^:]+: /\1: /; s/uid [0-9]+//g; s/<[^>]*>//g; s/[0-9]+ MiB free/N MiB free/g' | cut -c1-140 | sort | uniq -c | sort -rn | head -8
}
cpm_start "$WORK" "$MNT/data" || exit 2
cpm_users
# a user's first IMAP LOGIN creates the default folders (INBOX, Sent, ...): a write, done here rather than while full
"${CHECK[@]}" 5 > /dev/null
echo "after start: $(df -h "$MNT" | tail -1)"
# 1. fill: 8 connections, two per door, until the doors refuse (the reserve is reached), then 10 s more
"${LOAD[@]}" --door mixed --conns 8 --seconds 1800 --tag fill --ack-log "$WORK/acked" --sent-log "$WORK/sent" \
  > "$WORK/fill.out" 2> "$WORK/fill.err" &
loader=$!
refusing_at=
while kill -0 "$loader" 2>/dev/null; do
  sleep 2
  if [ -z "$refusing_at" ] && grep -q 'insufficient storage' "$WORK/fill.err"; then
    refusing_at=$SECONDS
    echo "doors refusing after $(wc -l < "$WORK/acked") acknowledged objects: $(df -h "$MNT" | tail -1)"
  fi
  if [ -n "$refusing_at" ] && [ $((SECONDS - refusing_at)) -ge 10 ]; then kill "$loader" 2>/dev/null; fi
done
wait "$loader" 2>/dev/null
acked_reserve=$(wc -l < "$WORK/acked")
echo "answers while under the reserve (door: answer, count):"; answers "$WORK/fill.err"
echo "transport errors: $(grep -c '^error:' "$WORK/fill.err")"
echo "health under the reserve: $(health)"
# 2. the spool drains on the reserve; then another process takes the rest of the disk
for _ in $(seq 1 300); do [ "$(spool_size)" = "0" ] && break; sleep 1; done
echo "spool drained: $(spool_size) mails left; $(df -h "$MNT" | tail -1)"
dd if=/dev/zero of="$MNT/ballast" bs=1M 2>/dev/null; sync
echo "ballast written, disk full: $(df -h "$MNT" | tail -1)"
"${LOAD[@]}" --door mixed --conns 8 --count 50 --tag full --ack-log "$WORK/acked" --sent-log "$WORK/sent" \
  > "$WORK/full.out" 2> "$WORK/full.err"
echo "load while 100 % full: $(cat "$WORK/full.out")"
echo "answers while 100 % full:"; answers "$WORK/full.err"
echo "health while 100 % full: $(health)"
"${CHECK[@]}" 120 2>&1 | cut -c1-400 | sed 's/^/full:       /'; full_rc=${PIPESTATUS[0]}
# 3. space returns, no restart
rm -f "$MNT/ballast"; mount -o remount,size="$SIZE_AFTER" "$MNT"
echo "space back: $(df -h "$MNT" | tail -1)"
echo "health after space returned: $(health)"
"${LOAD[@]}" --door mixed --conns 4 --count 10 --tag after --ack-log "$WORK/acked" --sent-log "$WORK/sent" > "$WORK/after.out" 2> "$WORK/after.err"
echo "without restart, 40 new: $(cat "$WORK/after.out")"; answers "$WORK/after.err"
recovered=$(sed -E 's/.* objects=([0-9]+).*/\1/' "$WORK/after.out")
pending
"${LOAD[@]}" --door mixed --conns 4 --resend "$WORK/pending" --retries 3 --ack-log "$WORK/acked" > "$WORK/resend1.out" 2> "$WORK/resend1.err"
echo "without restart: resend of $(wc -l < "$WORK/pending") unacknowledged: $(cat "$WORK/resend1.out")"
in_error1=$(error_repository)
echo "error repository: $in_error1 mails; health: $(health)"
"${CHECK[@]}" 300 | cut -c1-400 | sed 's/^/no-restart: /'; nor_rc=${PIPESTATUS[0]}
# 4. restart (SIGTERM, SIGKILL after 120 s) on the same data; 20 new
kill -TERM "$SERVER_PID"; for _ in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$SERVER_PID" 2>/dev/null && { echo "clean stop took over 120 s: SIGKILL"; }
cpm_kill
cpm_start "$WORK" "$MNT/data" || { echo "restart after the full disk FAILED"; exit 1; }
pending
"${LOAD[@]}" --door mixed --conns 4 --resend "$WORK/pending" --retries 20 --ack-log "$WORK/acked" > "$WORK/resend.out" 2> "$WORK/resend.err"
"${LOAD[@]}" --door mixed --conns 4 --count 5 --tag restart --ack-log "$WORK/acked" > "$WORK/restart.out" 2>&1
in_error=$(error_repository)
echo "after restart: resend of $(wc -l < "$WORK/pending") unacknowledged: $(cat "$WORK/resend.out"); new: $(tail -1 "$WORK/restart.out"); error repository: $in_error"
"${CHECK[@]}" 300 | cut -c1-400 | sed 's/^/restart:    /'; rst_rc=${PIPESTATUS[0]}
echo "server log: $(grep -c '\[ERROR\]' "$WORK/server.log") ERROR lines, $(grep -c 'No space left' "$WORK/server.log") 'No space left' lines, work dir $WORK"
echo "FULL-DISK-SUMMARY size=$SIZE acked_at_reserve=$acked_reserve refused_under_reserve=$(grep -c '^refused:' "$WORK/fill.err") refused_while_full=$(grep -c '^refused:' "$WORK/full.err") transport_errors=$(cat "$WORK/fill.err" "$WORK/full.err" | grep -c '^error:') recovered_without_restart=$recovered/40 in_error_repository=$in_error1/$in_error check_full_rc=$full_rc check_without_restart_rc=$nor_rc check_after_restart_rc=$rst_rc"
[ "$full_rc" = "0" ] && [ "$nor_rc" = "0" ] && [ "$rst_rc" = "0" ] && [ "$recovered" = "40" ]

#!/usr/bin/env bash
# SIGKILL drill (issue 11): mixed PF ingestion over LMTP, SMTP, HTTP and SIP (8 connections, two per door) into
# bin/cpm-mss (shipped configuration, own ports, a pf token); SIGKILL at a random moment 2-8 s in; restart; the
# PF resends every object it sent without getting an acknowledgement (250 LMTP/SMTP, 201 HTTP, 200 SIP), until
# acknowledged; then bench/drills/check.py reads both owners over IMAP: zero acknowledged objects lost, zero
# duplicates, no UID reused, UIDVALIDITY unchanged. TRIALS rounds on one data directory (default 20).
#
#   bench/drills/sigkill.sh [TRIALS]
# Prints one line per trial and "SIGKILL-SUMMARY trials=.. acked=.. lost=.. duplicated=.. uid_reused=..
# uidvalidity_changed=.. failed_trials=..". Exit status 1 when any trial failed its check.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
TRIALS="${1:-20}"
SRC="$CPM_HOME"
WORK="$(mktemp -d /tmp/cpm-sigkill-XXXXXX)"
cpm_snapshot "$WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-24000}"
trap 'cpm_kill' EXIT
LOAD=(python3 "$SRC/bench/ingest/load.py" "${LOAD_PORTS[@]}" --quiet-errors)
CHECK=(python3 "$SRC/bench/drills/check.py" "$IMAP_PORT" "$WORK/acked" "$WORK/check-state.json")
cpm_start "$WORK" || exit 2
cpm_users
"${LOAD[@]}" --door mixed --conns 4 --count 2 --tag seed --ack-log "$WORK/acked" >/dev/null
"${CHECK[@]}" >/dev/null
failed=0
for t in $(seq 1 "$TRIALS"); do
  "${LOAD[@]}" --door mixed --conns 8 --seconds 120 --timeout 30 --tag "t$t" --ack-log "$WORK/acked" \
    --sent-log "$WORK/sent-$t" > "$WORK/load-$t.out" 2>> "$WORK/load.err" &
  loader=$!
  before=$(wc -l < "$WORK/acked")
  delay=$(python3 -c 'import random; print("%.2f" % random.uniform(2, 8))')
  sleep "$delay"
  cpm_kill
  kill "$loader" 2>/dev/null; wait "$loader" 2>/dev/null
  acked_now=$(wc -l < "$WORK/acked")
  started=
  for attempt in 1 2 3; do
    if cpm_start "$WORK"; then started=1; break; fi
    echo "trial $t: restart attempt $attempt failed: $(grep -m1 -o 'BindException.*\|Exception: .*' "$WORK/server.log" | tail -1)" >&2
    sleep 10
  done
  [ -n "$started" ] || { echo "trial $t: server did not restart" | tee -a "$WORK/trials.log"; failed=$((failed + 1)); break; }
  # the PF's retry: every id of this trial that was sent but not acknowledged
  awk 'NR==FNR{a[$1]=1; next} !($1 in a)' "$WORK/acked" "$WORK/sent-$t" | sort -u > "$WORK/pending-$t"
  pending=$(wc -l < "$WORK/pending-$t")
  if [ "$pending" -gt 0 ]; then
    "${LOAD[@]}" --door mixed --conns 4 --resend "$WORK/pending-$t" --retries 40 --ack-log "$WORK/acked" \
      >> "$WORK/resend.out" 2>> "$WORK/load.err"
  fi
  result=$("${CHECK[@]}" 180); rc=$?
  [ $rc -eq 0 ] || failed=$((failed + 1))
  echo "trial $t: killed after ${delay}s, acked at kill $acked_now (this trial $((acked_now - before + 0))), resent $pending, check rc=$rc" \
    | tee -a "$WORK/trials.log"
  echo "$result" | tee -a "$WORK/trials.log"
done
cpm_stop_term
echo "work dir: $WORK"
awk -v trials="$TRIALS" -v failed="$failed" '/^CHECK/{for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}
  acked=v["acked"]; lost+=0; if(v["lost"]>0)lost+=v["lost"]; if(v["duplicated"]>0)dup+=v["duplicated"];
  if(v["uid_reused"]>0)reu+=v["uid_reused"]; if(v["uidvalidity_changed"]>0)uvc+=v["uidvalidity_changed"]}
  END{printf "SIGKILL-SUMMARY trials=%s acked=%s lost=%d duplicated=%d uid_reused=%d uidvalidity_changed=%d failed_trials=%d\n",
  trials, acked, lost, dup, reu, uvc, failed}' "$WORK/trials.log"
[ "$failed" -eq 0 ]

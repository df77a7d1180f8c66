#!/usr/bin/env bash
# Issue 11 (c) and issue 6: PF ingestion objects/s over LMTP, HTTP, SMTP (until processed) and SIP, with 1 and 8
# connections, 1 KiB 1-1 chat objects (two hosted owners per object), default configuration, bin/cpm-mss.
#
#   bench/ingest/run.sh [OBJECTS_PER_RUN]     (default 1000; after a warm-up of WARMUP objects per door)
#
# Boots bin/cpm-mss over a fresh data directory with a copy of conf/ (own ports, base $CPM_PORT_BASE, default
# 21000, and a pf token: the only changes), then runs bench/ingest/load.py per door and connection count.
#   lmtp: an object counts when both owners answered 250 (committed);
#   http: 201 from POST /cpm/v1/standalone-messages (committed for both owners);
#   sip:  200 to a MESSAGE over TCP (committed for both owners);
#   smtp: 250 means queued; the rate is objects / time until every object is visible over IMAP for both owners.
# Prints a Markdown table, then one machine-readable line:
#   INGEST-SUMMARY lmtp1=.. lmtp8=.. http1=.. http8=.. smtp1=.. smtp8=.. sip1=.. sip8=.. (objects/s) errors=..
#     cpu_ms_per_object: lmtp1=.. ... (server CPU per object, same keys)
# Also per run: the server's CPU time (user+system, /proc) per object, which depends much less than objects/s
# on what else runs on the machine, and the CPU after the run until the server is idle, per object (the text index,
# which cpm-mss writes once clients pause); each run starts on an idle server. WARMUP objects per door first
# (default 200: the JIT compiles meanwhile).
# JAVA_OPTS is passed to bin/cpm-mss (e.g. a JFR recording); DOORS="lmtp http" restricts the doors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
N="${1:-1000}"
DOORS="${DOORS:-lmtp http smtp sip}"
WORK="$(mktemp -d /tmp/cpm-ingest-XXXXXX)"
cpm_conf "$WORK" "${CPM_PORT_BASE:-21000}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"
cpm_users
LOAD="python3 $CPM_HOME/bench/ingest/load.py"
declare -A RATE CPU
ROWS=()
ERRORS=0
for door in $DOORS; do
  extra=(); [ "$door" = smtp ] && extra=(--wait-stored)
  $LOAD --door "$door" --conns 4 --count $(( ${WARMUP:-200} / 4 )) --tag "warm" "${LOAD_PORTS[@]}" "${extra[@]}" >/dev/null
  for conns in 1 8; do
    cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")" >/dev/null  # each run starts on an idle server
    cpu0=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
    line=$($LOAD --door "$door" --conns "$conns" --count $((N / conns)) --tag "r$conns" "${LOAD_PORTS[@]}" "${extra[@]}" 2>>"$WORK/load-errors.log")
    cpu1=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
    objects=$(sed -E 's/.* objects=([0-9]+).*/\1/' <<<"$line")
    cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$objects" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", n ? (b-a)*1000/hz/n : 0}')
    after=$(cpm_settle_ticks "$cpu1")
    after_ms=$(awk -v t="$after" -v n="$objects" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", n ? t*1000/hz/n : 0}')
    echo "$line server_cpu_ms_per_object=$cpu_ms after_until_idle_ms_per_object=$after_ms" >&2
    rate=$(sed -E 's/.* rate=([0-9.]+).*/\1/' <<<"$line")
    RATE[$door$conns]=$rate
    CPU[$door$conns]=$cpu_ms
    e=$(sed -E 's/.* failed=([0-9]+) errors=([0-9]+).*/\1 \2/' <<<"$line")
    ERRORS=$((ERRORS + ${e% *} + ${e#* }))
    ROWS+=("| $door | $conns | $(sed -E 's/.* objects=([0-9]+) failed=([0-9]+) errors=([0-9]+) elapsed=([0-9.]+s) rate=([0-9.]+) p50=([0-9.]+ms) p99=([0-9.]+ms).*/\1 | \2+\3 | \4 | **\5** | \6 | \7/' <<<"$line") | $cpu_ms | $after_ms |")
  done
done
echo
echo "$(date -u +%FT%TZ) $(git -C "$CPM_HOME" rev-parse --short HEAD) load $(cut -d' ' -f1-3 /proc/loadavg) JAVA_OPTS=${JAVA_OPTS:-default}"
echo "| door | connections | objects | failed+errors | elapsed | objects/s | p50 | p99 | server CPU ms/object | after, until idle |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
summary="INGEST-SUMMARY"
for door in $DOORS; do summary+=" ${door}1=${RATE[${door}1]} ${door}8=${RATE[${door}8]}"; done
summary+=" errors=$ERRORS cpu_ms_per_object:"
for door in $DOORS; do summary+=" ${door}1=${CPU[${door}1]} ${door}8=${CPU[${door}8]}"; done
echo "$summary"
[ -s "$WORK/load-errors.log" ] && echo "load errors: $WORK/load-errors.log" >&2
echo "work dir: $WORK" >&2

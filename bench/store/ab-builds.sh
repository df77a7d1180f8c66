#!/usr/bin/env bash
# Two builds of cpm-mss measured alternately on the same scenario, each on a fresh server and data directory (the
# thirteenth session's store changes, docs/benchmarks.md). Freeze a build first with bench/ingest/server.sh's
# cpm_snapshot (e.g. `source bench/ingest/server.sh; cpm_snapshot /tmp/old` gives /tmp/old/home), then:
#
#   bench/store/ab-builds.sh HOME_A HOME_B SCENARIO [PAIRS=2] [PORT=61700]
#
# SCENARIO:
#   arrivals  10,000 objects appended by another session (not timed), then SELECT (CONDSTORE): \Recent cleared on
#             them (bench/read-path/phases.py --phases arrivals, 2 rounds)
#   phases    a 10,000-object folder: SELECT, SELECT after another folder, header pass, body pass, CHANGEDSINCE
#             resync (phases.py, ROUNDS=5 rounds each; PHASES= picks some)
#   append    1,500 untimed then 4,000 timed sequential APPENDs (bench/store/append-loop.py), server CPU per APPEND;
#             cpu_ms_after_per_append: the CPU the server spent after the timed run until idle (the deferred search
#             indexing of all 5,500), per message
#   lmtp      LMTP, 1 KiB chat objects for two owners (bench/ingest/load.py): 2,000 untimed over 4 connections, then
#             2,000 over 8 connections and 1,000 over 1, each on an idle server, with the server CPU per object
#             during the run and after it until idle (cpu_ms_after_per_object: the deferred text index)
#   http, sip the same through the HTTP ingest API / the SIP bridge (MESSAGE over TCP)
#   search    a 10,000-message folder, then IMAP SEARCH keys timed (bench/search/imap-search.py, ROUNDS=7)
# Each line is tagged A<n> or B<n>; server CPU from /proc of the JVM. Ports PORT..PORT+4 (compact layout).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; SCENARIO="$3"; PAIRS="${4:-2}"; PORT="${5:-61700}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
BENCH="$CPM_HOME/bench"

# The server's CPU (ms) from $2 (ticks) until it falls idle: work the load left behind (server.sh).
settled_cpu_ms() {
  python3 -c "print(round($(cpm_settle_ticks "$2") * 1000 / $(getconf CLK_TCK)))"
}

one() {
  local home="$1" tag="$2" work
  work=$(mktemp -d /tmp/ab-builds-XXXXXX)
  CPM_HOME="$home"
  cpm_conf "$work" "$PORT"
  cpm_start "$work" && cpm_users
  local jvm="$SERVER_PID"
  case "$SCENARIO" in
    arrivals)
      python3 "$BENCH/read-path/phases.py" --port "$PORT" --user alice@example.com --password pw --objects 100 \
        --phases arrivals --arrivals 10000 --rounds 2 --jfr-pid "$jvm" --no-jfr 2>&1 | grep median ;;
    phases)
      python3 "$BENCH/read-path/phases.py" --port "$PORT" --user alice@example.com --password pw --objects 10000 \
        --phases "${PHASES:-select,switch,headers,bodies,resync}" --rounds "${ROUNDS:-5}" --jfr-pid "$jvm" --no-jfr \
        2>&1 | grep median ;;
    append)
      python3 "$BENCH/store/append-loop.py" "$PORT" 1500 warm >/dev/null
      local c0 c1 line
      c0=$(awk '{print $14+$15}' "/proc/$jvm/stat")
      line=$(python3 "$BENCH/store/append-loop.py" "$PORT" 4000 measured)
      c1=$(awk '{print $14+$15}' "/proc/$jvm/stat")
      echo "$line cpu_ms_per_append=$(python3 -c "print(round(($c1 - $c0) * 1000 / $(getconf CLK_TCK) / 4000, 2))")" \
        "cpu_ms_after_per_append=$(python3 -c "print(round($(settled_cpu_ms "$jvm" "$c1") / 5500, 2))")" ;;
    lmtp|http|sip)
      local load="python3 $BENCH/ingest/load.py ${LOAD_PORTS[*]}" c0 c1 line conns count
      $load --door "$SCENARIO" --conns 4 --count 500 --tag warm$RANDOM >/dev/null 2>&1
      cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$jvm/stat")" >/dev/null  # the runs start on an idle server
      for conns in 8 1; do
        count=$([ "$conns" = 8 ] && echo 250 || echo 1000)
        c0=$(awk '{print $14+$15}' "/proc/$jvm/stat")
        line=$($load --door "$SCENARIO" --conns "$conns" --count "$count" --tag ab$RANDOM 2>/dev/null)
        c1=$(awk '{print $14+$15}' "/proc/$jvm/stat")
        echo "$line cpu_ms_per_object=$(python3 -c "print(round(($c1 - $c0) * 1000 / $(getconf CLK_TCK) / ($conns * $count), 2))")" \
          "cpu_ms_after_per_object=$(python3 -c "print(round($(settled_cpu_ms "$jvm" "$c1") / ($conns * $count), 2))")"
      done ;;
    search)
      python3 "$BENCH/search/imap-search.py" --port "$PORT" --objects 10000 --rounds "${ROUNDS:-7}" --pid "$jvm" ;;
    *) echo "unknown scenario $SCENARIO" >&2 ;;
  esac | sed "s/^/$tag /"
  cpm_stop_term
  rm -rf "$work"
}

for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) = 1 ]; then one "$A" "A$i"; one "$B" "B$i"; else one "$B" "B$i"; one "$A" "A$i"; fi
done

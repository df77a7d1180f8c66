#!/usr/bin/env bash
# Steady-state LMTP ingestion (JVM flag trials, issue 11): boots bin/cpm-mss with the shipped conf/ (own ports),
# sends WARM objects over 4 LMTP connections (the JIT compiles meanwhile), then 3 rounds of 504 objects over 8
# connections, printing objects/s and the server's CPU time per object of each round, and the RSS at the end.
#
#   [JAVA_OPTS=...] [WARM=4000] [CPM_PORT_BASE=26000] bench/ingest/steady.sh
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
WORK=$(mktemp -d /tmp/cpm-steady-XXXXXX); cpm_conf "$WORK" "${CPM_PORT_BASE:-26000}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"; cpm_users
L="python3 $CPM_HOME/bench/ingest/load.py ${LOAD_PORTS[*]}"
$L --door lmtp --conns 4 --count $(( ${WARM:-4000} / 4 )) --tag warm 2>/dev/null | sed 's/^/warm-up: /'
for r in 1 2 3; do
  c0=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
  line=$($L --door lmtp --conns 8 --count 63 --tag "r$r" 2>/dev/null)
  c1=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
  echo "$line server_cpu_ms_per_object=$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) / 504 ))"
done
echo "rss_mb=$(( $(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status") / 1024 )) JAVA_OPTS=${JAVA_OPTS:-default}"

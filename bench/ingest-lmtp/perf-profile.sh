#!/usr/bin/env bash
# Where an LMTP object's server CPU goes, by `perf` (all of it: every thread, the JVM's runtime, GC and the kernel;
# JFR under the C1-only JIT drops most samples): boots bin/cpm-mss with the shipped conf/ and frame pointers, warms
# up over 4 LMTP connections, then records `perf record -g` over a steady load of 1 KiB chat objects for two owners at
# 8 connections and prints the CPU per object and the share per thread and per place
# (bench/ingest-lmtp/perf-summary.py). The text index is written once clients pause: with SETTLE=1 the recording
# goes on until the server is idle, so its work is in the profile too.
#
#   [WARM=1000] [OBJECTS=3000] [SETTLE=1] [CPM_PORT_BASE=61600] bench/ingest-lmtp/perf-profile.sh
set -uo pipefail
export JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 -XX:+PreserveFramePointer}"
export CPM_COMPACT_PORTS="${CPM_COMPACT_PORTS-1}"
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
WORK=$(mktemp -d /tmp/cpm-lmtp-perf-XXXXXX); echo "work directory $WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-61600}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"; cpm_users
L="python3 $CPM_HOME/bench/ingest/load.py ${LOAD_PORTS[*]}"
$L --door lmtp --conns 4 --count $(( ${WARM:-1000} / 4 )) --tag warm 2>/dev/null | sed 's/^/warm-up: /'
cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")" >/dev/null
N=$(( ${OBJECTS:-3000} / 8 ))
perf record -F 1999 -g -p "$SERVER_PID" -o "$WORK/perf.data" >/dev/null 2>"$WORK/perf.log" &
PERF=$!
sleep 1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
line=$($L --door lmtp --conns 8 --count "$N" --tag prof 2>/dev/null)
c1=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
after=0
if [ "${SETTLE:-1}" = 1 ]; then after=$(cpm_settle_ticks "$c1"); fi
kill -INT "$PERF"; wait "$PERF"
jcmd "$SERVER_PID" Compiler.perfmap >/dev/null
tck=$(getconf CLK_TCK)
echo "$line server_cpu_ms_per_object=$(python3 -c "print(round(($c1 - $c0) * 1000 / $tck / ($N * 8), 2))") after_until_idle_ms_per_object=$(python3 -c "print(round($after * 1000 / $tck / ($N * 8), 2))")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$CPM_HOME/bench/ingest-lmtp/perf-summary.py" "$WORK/perf.data" "${TOP:-40}"

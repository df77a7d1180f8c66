#!/usr/bin/env bash
# Where a sequential IMAP APPEND's server CPU goes, by `perf` (every thread, the JVM's runtime, GC and the kernel):
# boots bin/cpm-mss with the shipped conf/ and frame pointers, warms up with WARM untimed APPENDs, then records
# `perf record -g` over MESSAGES sequential 1 KiB APPENDs of one client into one folder (bench/store/append-loop.py)
# and prints the server CPU per APPEND and the shares per thread and per place (bench/ingest-lmtp/perf-summary.py).
# The text index runs once the client pauses (it yields to clients): with SETTLE=1 the recording goes on until the
# server is idle, so its work is in the profile too (default 0: the APPEND path only).
#
#   [WARM=1500] [MESSAGES=3000] [SETTLE=0] [CPM_PORT_BASE=61600] [TOP=40] bench/append-path/perf-profile.sh
set -uo pipefail
export JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 -XX:+PreserveFramePointer}"
export CPM_COMPACT_PORTS="${CPM_COMPACT_PORTS-1}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../ingest/server.sh"
WORK=$(mktemp -d /tmp/cpm-append-perf-XXXXXX); echo "work directory $WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-61600}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"; cpm_users
python3 "$HERE/../store/append-loop.py" "$IMAP_PORT" "${WARM:-1500}" Warm | sed 's/^/warm-up: /'
cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")" >/dev/null
perf record -F 1999 -g -p "$SERVER_PID" -o "$WORK/perf.data" >/dev/null 2>"$WORK/perf.log" &
PERF=$!
sleep 1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
N=${MESSAGES:-3000}
c0=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
line=$(python3 "$HERE/../store/append-loop.py" "$IMAP_PORT" "$N" Timed)
c1=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
after=0
if [ "${SETTLE:-0}" = 1 ]; then after=$(cpm_settle_ticks "$c1"); fi
kill -INT "$PERF"; wait "$PERF"
jcmd "$SERVER_PID" Compiler.perfmap >/dev/null
tck=$(getconf CLK_TCK)
echo "$line server_cpu_ms_per_append=$(python3 -c "print(round(($c1 - $c0) * 1000 / $tck / $N, 3))") after_until_idle_ms_per_append=$(python3 -c "print(round($after * 1000 / $tck / $N, 3))")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/../ingest-lmtp/perf-summary.py" "$WORK/perf.data" "${TOP:-40}"
echo "perf data: $WORK/perf.data (keep it for THREAD=name bench/ingest-lmtp/perf-summary.py)"
trap - EXIT; cpm_stop_term

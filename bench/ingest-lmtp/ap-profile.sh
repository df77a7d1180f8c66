#!/usr/bin/env bash
# Where an LMTP object's server CPU goes, by async-profiler (CPU samples of every Java thread with their kernel
# frames, 200 µs): boots a frozen build (bench/ingest/server.sh's cpm_snapshot; default this checkout) with the
# shipped conf/, warms up over 4 LMTP connections, waits until idle, then samples a steady load of 1 KiB chat
# objects for two owners at 8 connections and the text index after it until idle. Prints the CPU per object (from
# /proc) and writes collapsed stacks (WORK/cpu.collapsed) for bench/ingest-lmtp/ap-components.py.
#
#   AP=/path/to/libasyncProfiler.so [HOME_DIR=frozen home] [WARM=1000] [OBJECTS=4000] [CPM_PORT_BASE=61600] \
#     bench/ingest-lmtp/ap-profile.sh
set -uo pipefail
: "${AP:?AP=path of libasyncProfiler.so}"
export CPM_COMPACT_PORTS="${CPM_COMPACT_PORTS-1}"
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
BENCH="$CPM_HOME/bench"
[ -n "${HOME_DIR:-}" ] && CPM_HOME="$HOME_DIR"
WORK=$(mktemp -d /tmp/cpm-lmtp-ap-XXXXXX); echo "work directory $WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-61600}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"; cpm_users
L="python3 $BENCH/ingest/load.py ${LOAD_PORTS[*]}"
$L --door lmtp --conns 4 --count $(( ${WARM:-1000} / 4 )) --tag warm 2>/dev/null | sed 's/^/warm-up: /'
cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")" >/dev/null
N=$(( ${OBJECTS:-4000} / 8 ))
jcmd "$SERVER_PID" JVMTI.agent_load "$AP" "\"start,event=cpu,interval=200us,threads\"" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
line=$($L --door lmtp --conns 8 --count "$N" --tag prof 2>/dev/null)
c1=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
after=$(cpm_settle_ticks "$c1")
jcmd "$SERVER_PID" JVMTI.agent_load "$AP" "\"stop,collapsed,file=$WORK/cpu.collapsed\"" >/dev/null
tck=$(getconf CLK_TCK)
echo "$line server_cpu_ms_per_object=$(python3 -c "print(round(($c1 - $c0) * 1000 / $tck / ($N * 8), 2))") after_until_idle_ms_per_object=$(python3 -c "print(round($after * 1000 / $tck / ($N * 8), 2))")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "objects=$((N * 8)) collapsed=$WORK/cpu.collapsed"

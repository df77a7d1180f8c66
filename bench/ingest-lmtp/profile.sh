#!/usr/bin/env bash
# Where an LMTP object's server CPU goes (issue 27): boots bin/cpm-mss with the shipped conf/ (own ports), warms up
# over 4 LMTP connections, then records a JFR CPU profile (settings=profile) over a steady load of 1 KiB chat
# objects for two owners (alice, bob) at 8 connections, and prints the server's CPU per object of that window and
# the share of the samples per place (bench/ingest-lmtp/profile-summary.py).
#
#   [WARM=2000] [OBJECTS=4000] [CPM_PORT_BASE=61600] bench/ingest-lmtp/profile.sh
# (ports BASE..BASE+4: IMAP, SMTP, LMTP, HTTP, SIP; CPM_COMPACT_PORTS= empty gives bench/ingest/server.sh's BASE+143 etc.)
# The recording stays in the work directory printed first (profile.jfr).
set -uo pipefail
# the shipped JVM options (bin/cpm-mss) plus deep stacks for JFR
export JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 -XX:FlightRecorderOptions:stackdepth=512}"
export CPM_COMPACT_PORTS="${CPM_COMPACT_PORTS-1}"
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
WORK=$(mktemp -d /tmp/cpm-lmtp-profile-XXXXXX); echo "work directory $WORK"
cpm_conf "$WORK" "${CPM_PORT_BASE:-61600}"
trap 'cpm_stop_term' EXIT
cpm_start "$WORK"; cpm_users
L="python3 $CPM_HOME/bench/ingest/load.py ${LOAD_PORTS[*]}"
$L --door lmtp --conns 4 --count $(( ${WARM:-2000} / 4 )) --tag warm 2>/dev/null | sed 's/^/warm-up: /'
N=$(( ${OBJECTS:-4000} / 8 ))
jcmd "$SERVER_PID" JFR.start name=ingest settings=profile filename="$WORK/profile.jfr" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
line=$($L --door lmtp --conns 8 --count "$N" --tag prof 2>/dev/null)
c1=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
jcmd "$SERVER_PID" JFR.stop name=ingest >/dev/null
echo "$line server_cpu_ms_per_object=$(python3 -c "print(round(($c1 - $c0) * 1000 / $(getconf CLK_TCK) / ($N * 8), 2))")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$CPM_HOME/bench/ingest-lmtp/profile-summary.py" "$WORK/profile.jfr"

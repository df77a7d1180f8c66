#!/usr/bin/env bash
# Where a sequential IMAP APPEND's time goes on a running cpm-mss, by thread and step: async-profiler attached with
# jcmd, N sequential 1 KiB APPENDs (append-loop.py, raw socket), the collapsed profile split by split.py.
#
#   AP_LIB=/path/libasyncProfiler.so bench/append-path/async-split.sh PID IMAP_PORT [N=2000] [EVENT=cpu] [INTERVAL_US=200]
#
# EVENT=cpu: samples of CPU (ms per APPEND printed); EVENT=wall: samples of every thread, running or not (the shares
# of a thread's wall time: async-profiler samples a few threads per tick, so no ms). User alice@example.com, pw.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PID="$1"; PORT="$2"; N="${3:-2000}"; EVENT="${4:-cpu}"; IV="${5:-200}"
LIB="${AP_LIB:?set AP_LIB to libasyncProfiler.so}"
OUT=$(mktemp /tmp/append-split-XXXXXX.txt)
jcmd "$PID" JVMTI.agent_load "$LIB" "\"start,event=$EVENT,interval=${IV}us,threads\"" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/append-loop.py" "$PORT" alice@example.com "$PID" "$N"
jcmd "$PID" JVMTI.agent_load "$LIB" "\"stop,collapsed,file=$OUT\"" >/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$EVENT" = cpu ]; then python3 "$HERE/split.py" "$OUT" "$N" "$IV"; else python3 "$HERE/split.py" "$OUT"; fi
echo "profile: $OUT"

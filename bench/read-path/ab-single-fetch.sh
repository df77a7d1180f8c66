#!/usr/bin/env bash
# Two frozen builds (bench/ingest/server.sh's cpm_snapshot) measured alternately on issue 26's single-message
# `UID FETCH n (BODY.PEEK[])`, each run on a fresh server and data directory: OBJECTS 1 KiB messages appended and
# one untimed round of single FETCHes (the C1 JIT's compilations), then the server left to fall idle (the text
# index of the appended messages, which bench/store/ab-builds.sh's `phases` measured along), then ROUNDS timed
# rounds. Per run: FETCH/s (median round), the process's CPU per FETCH, and the CPU per FETCH of the connection
# threads alone (imapserver-io-*: less sensitive to other work on the machine, the JIT and the collector).
#
#   bench/read-path/ab-single-fetch.sh HOME_A HOME_B [PAIRS=4] [PORT=61700]      (OBJECTS=2000 ROUNDS=5)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; PAIRS="${3:-4}"; PORT="${4:-61700}"
OBJECTS="${OBJECTS:-2000}"; ROUNDS="${ROUNDS:-5}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
BENCH="$CPM_HOME/bench"

io_ticks() {  # CPU ticks of the connection threads of $1
  local t s=0
  for t in /proc/"$1"/task/*; do
    if grep -q '^imapserver-io' "$t/comm" 2>/dev/null; then
      s=$((s + $(awk '{print $14+$15}' "$t/stat")))
    fi
  done
  echo "$s"
}

one() {
  local home="$1" tag="$2" work jvm p0 i0 p1 i1 line
  work=$(mktemp -d /tmp/ab-single-XXXXXX)
  CPM_HOME="$home"
  cpm_conf "$work" "$PORT"
  cpm_start "$work" && cpm_users
  jvm="$SERVER_PID"
  python3 "$BENCH/read-path/phases.py" --port "$PORT" --user alice@example.com --password pw --objects "$OBJECTS" \
    --phases single --rounds 1 >/dev/null
  cpm_settle_ticks "$(awk '{print $14+$15}' "/proc/$jvm/stat")" >/dev/null
  p0=$(awk '{print $14+$15}' "/proc/$jvm/stat"); i0=$(io_ticks "$jvm")
  line=$(python3 "$BENCH/read-path/phases.py" --port "$PORT" --user alice@example.com --password pw \
    --objects "$OBJECTS" --phases single --rounds "$ROUNDS" 2>&1 | grep median)
  p1=$(awk '{print $14+$15}' "/proc/$jvm/stat"); i1=$(io_ticks "$jvm")
  python3 - "$tag" "$line" "$p0" "$p1" "$i0" "$i1" "$OBJECTS" "$ROUNDS" "$(getconf CLK_TCK)" <<'PY'
import re, sys
tag, line, p0, p1, i0, i1, objects, rounds, hz = sys.argv[1:]
n = int(objects) * int(rounds); hz = int(hz)
med = float(re.search(r"median ([\d.]+) ms", line).group(1))
print("%s FETCH/s %d (median round %.3f ms per FETCH); CPU per FETCH: process %.3f ms, connection threads %.3f ms; %s"
      % (tag, round(1000 / med), med, (int(p1) - int(p0)) * 1000 / hz / n, (int(i1) - int(i0)) * 1000 / hz / n,
         line.split(";")[-1].strip()))
PY
  cpm_stop_term
  rm -rf "$work"
}

for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) = 1 ]; then one "$A" "A$i"; one "$B" "B$i"; else one "$B" "B$i"; one "$A" "A$i"; fi
done

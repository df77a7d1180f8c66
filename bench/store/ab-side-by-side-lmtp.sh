#!/usr/bin/env bash
# Two frozen builds (bench/ingest/server.sh's cpm_snapshot) measured side by side on the LMTP scenario: both servers
# run at once, each on its own data directory and ports, and every round loads both at the same time (1 KiB chat
# objects for two owners, random IMDN-Message-IDs), so the machine's other work weighs on both alike — on a shared
# machine the run-to-run spread of bench/store/ab-builds.sh (one build after the other) hid changes of a few percent.
# Prints per round and build the server CPU per object during the run, and after it until both are idle (the text
# index), then the medians.
#
#   bench/store/ab-side-by-side-lmtp.sh HOME_A HOME_B [ROUNDS=5] [PORT=61650] [CONNS=8] [COUNT=250 per connection]
# Ports PORT..PORT+4 (A) and PORT+10..PORT+14 (B).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; ROUNDS="${3:-5}"; PORT="${4:-61650}"; CONNS="${5:-8}"; COUNT="${6:-250}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
BENCH="$(cd "$HERE/.." && pwd)"
TCK=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

declare -A PID LOAD WORK
for side in A B; do
  home=${!side}; base=$PORT; [ "$side" = B ] && base=$((PORT + 10))
  WORK[$side]=$(mktemp -d /tmp/ab-side-XXXXXX)
  CPM_HOME="$home"; cpm_conf "${WORK[$side]}" "$base"; cpm_start "${WORK[$side]}" && cpm_users
  PID[$side]=$SERVER_PID; LOAD[$side]="python3 $BENCH/ingest/load.py ${LOAD_PORTS[*]}"
done
trap 'for s in A B; do kill -TERM ${PID[$s]} 2>/dev/null; wait ${PID[$s]} 2>/dev/null; rm -rf "${WORK[$s]}"; done' EXIT

idle_both() {  # until neither server spends more than 20 ms of CPU in a second (at most 90 s)
  local i a0 b0 a1 b1
  for i in $(seq 1 90); do
    a0=$(ticks ${PID[A]}); b0=$(ticks ${PID[B]}); sleep 1; a1=$(ticks ${PID[A]}); b1=$(ticks ${PID[B]})
    [ $((a1 - a0)) -le $((TCK / 50)) ] && [ $((b1 - b0)) -le $((TCK / 50)) ] && break
  done
}

declare -A JOB
for side in A B; do ${LOAD[$side]} --door lmtp --conns 4 --count 500 --tag warm$side >/dev/null 2>&1 & JOB[$side]=$!; done
wait ${JOB[A]} ${JOB[B]}
idle_both
N=$((CONNS * COUNT))
for r in $(seq 1 "$ROUNDS"); do
  declare -A C0 C1 C2 OUT
  for side in A B; do C0[$side]=$(ticks ${PID[$side]}); done
  for side in A B; do
    # each run reads its server's CPU as soon as it ends
    (${LOAD[$side]} --door lmtp --conns "$CONNS" --count "$COUNT" --tag r$r$side$RANDOM > "${WORK[$side]}/line" 2>/dev/null
     ticks ${PID[$side]} > "${WORK[$side]}/c1") &
    JOB[$side]=$!
  done
  wait ${JOB[A]} ${JOB[B]}
  for side in A B; do C1[$side]=$(cat "${WORK[$side]}/c1"); done
  idle_both
  for side in A B; do
    C2[$side]=$(ticks ${PID[$side]})
    echo "$side$r $(cat "${WORK[$side]}/line") cpu_ms_per_object=$(python3 -c "print(round((${C1[$side]} - ${C0[$side]}) * 1000 / $TCK / $N, 2))") cpu_ms_after_per_object=$(python3 -c "print(round((${C2[$side]} - ${C1[$side]}) * 1000 / $TCK / $N, 2))") load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done | tee "${OUT_FILE:-/dev/null}" | awk '{print} {for(i=1;i<=NF;i++){split($i,kv,"="); if(kv[1]=="cpu_ms_per_object") d[substr($1,1,1)]=d[substr($1,1,1)] " " kv[2]; if(kv[1]=="cpu_ms_after_per_object") a[substr($1,1,1)]=a[substr($1,1,1)] " " kv[2]}} END {for (s in d) print "median " s ": during" d[s] " | after" a[s]}'

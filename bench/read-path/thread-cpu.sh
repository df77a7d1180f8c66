#!/usr/bin/env bash
# thread-cpu.sh PID command...: the CPU (ms) each of PID's threads used while the command ran, the top eight
# (e.g. which connection thread served a FETCH, and whether a STORE's work went on after its answer)
PID=$1; shift
snap() { for t in /proc/$PID/task/*; do n=$(cat $t/comm 2>/dev/null); s=$(awk '{print $14+$15}' $t/stat 2>/dev/null); echo "$(basename $t) $s $n"; done; }
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
snap > "$T/before"; "$@"; snap > "$T/after"
join <(sort "$T/before") <(sort "$T/after") | awk '{d=($4-$2)*10; if (d>0) print d, $3}' | sort -rn | head -8

#!/usr/bin/env bash
# Fuzzes each CPM parser with Jazzer (JUnit integration, Maven profile "fuzz"), one after the other.
#   bench/fuzz/run.sh [minutes-per-parser] [FuzzTestClass ...]
# Each fuzz test stops after its @FuzzTest(maxDuration = "10m"); a smaller minutes argument stops it
# earlier (SIGINT: libFuzzer prints its final counts and exits). Run it with `nice -n 10` on a shared host,
# from a copy of the tree if you keep building in it (the fuzz run compiles cpm-recording-mailets/target).
# Logs: bench/fuzz/logs/<timestamp>/<Class>.log (libFuzzer output) and summary.txt (executions, findings).
# Findings (crash-*/timeout-* inputs) are written by Jazzer under
# cpm-recording-mailets/src/test/resources/org/cpmmss/cpm/fuzz/<Class>Inputs/ and are then replayed by
# `mvn -Pfuzz test` (regression mode) — add them to the hostile corpus too (docs/security.md).
set -u
cd "$(dirname "$0")/../.."
minutes="${1:-10}"; shift || true
[ "$minutes" -ge 0 ] 2>/dev/null || { echo "usage: $0 [minutes-per-parser] [FuzzTestClass ...]" >&2; exit 2; }
classes=("$@")
if [ ${#classes[@]} -eq 0 ]; then
  classes=(CpimFuzzTest ImdnFuzzTest GroupStateFuzzTest SessionFuzzTest FileTransferFuzzTest CpmObjectFuzzTest)
fi
seconds=$((minutes * 60))
[ "$seconds" -gt 0 ] || seconds=20   # 0 minutes: a 20-second smoke run
[ "$seconds" -le 600 ] || { echo "at most 10 minutes per parser (the @FuzzTest maxDuration)" >&2; exit 2; }
logdir="bench/fuzz/logs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$logdir"
summary="$logdir/summary.txt"
echo "minutes-per-parser=$minutes started=$(date -u +%FT%TZ) host-cores=$(nproc)" > "$summary"
for class in "${classes[@]}"; do
  log="$logdir/$class.log"
  start=$(date +%s)
  # surefire forks the fuzzing JVM in-process-group; a shorter run interrupts the whole group.
  setsid env JAZZER_FUZZ=1 mvn -B -o -pl cpm-recording-mailets -Pfuzz test \
      -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g > "$log" 2>&1 &
  pid=$!
  if [ "$seconds" -lt 600 ]; then
    ( sleep "$((seconds + 25))"; kill -INT -- "-$pid" 2>/dev/null ) &
    stopper=$!
  fi
  wait "$pid"; rc=$?
  [ -n "${stopper:-}" ] && kill "$stopper" 2>/dev/null; stopper=
  end=$(date +%s)
  # libFuzzer's last status line: "#<execs> DONE ..." or the last "#<execs> ..." before a crash.
  execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  findings=$(grep -acE '== Java Exception|ERROR: libFuzzer|Fuzzing stopped|timeout after|Test input written to|crash-' "$log")
  echo "$class executions=${execs:-0} seconds=$((end - start)) maven-rc=$rc finding-lines=$findings" | tee -a "$summary"
done
echo "finished=$(date -u +%FT%TZ)" >> "$summary"

#!/usr/bin/env bash
# SIGKILL drill, several rounds: a forked cpm-mss receives SMTP and LMTP deliveries over four concurrent
# connections, is killed with SIGKILL at a random moment, restarted, and every Message-ID that got a 250
# must be stored. Duplicates of plain mail after a queue redelivery are counted and printed.
#   bench/crash-drill.sh [ROUNDS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
mvn -q -B install -DskipTests
mvn -B -pl james-extensions test -Dtest='CrashRecoveryTest#every*' -Dcpm.crash.rounds="$ROUNDS" \
  -Dsurefire.failIfNoSpecifiedTests=false | grep -E 'Tests run|FAIL' || true
grep -h 'crash-drill round' james-extensions/target/surefire-reports/org.cpmmss.james.server.CrashRecoveryTest-output.txt

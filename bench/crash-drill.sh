#!/usr/bin/env bash
# SIGKILL drill, several rounds: a forked cpm-mss receives SMTP and LMTP deliveries over four concurrent
# connections, is killed with SIGKILL at a random moment, restarted, and every Message-ID that got a 250
# must be stored. Duplicates of plain mail after a queue redelivery are counted and printed.
#   bench/crash-drill.sh [ROUNDS]   (default 5)
# The four-door drill of issue 11 (LMTP, SMTP, HTTP, SIP, PF resend, UID/UIDVALIDITY checks) is
# bench/drills/sigkill.sh; this one is the test suite's drill with more rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
# through the reactor, never install: ~/.m2 is shared with other checkouts
mvn -B -o -pl james-extensions -am test -Dtest='CrashRecoveryTest#every*' -Dcpm.crash.rounds="$ROUNDS" \
  -Dsurefire.failIfNoSpecifiedTests=false | grep -E 'Tests run|FAIL' || true
grep -h 'crash-drill round' james-extensions/target/surefire-reports/org.cpmmss.james.server.CrashRecoveryTest-output.txt

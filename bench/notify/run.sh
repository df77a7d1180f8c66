#!/usr/bin/env bash
# NOTIFY bench: LMTP ingestion for one user alone vs. with N NOTIFY clients of that user.
# Usage: bench/notify/run.sh [clients=200] [messages-per-round=300] [rounds=2]
# Boots a real server in-process (the test harness of james-extensions) on free ports; needs a built tree.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -B -o install -DskipTests
mvn -q -B -o -pl james-extensions test-compile
mvn -q -B -o -pl james-extensions dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="james-extensions/target/classes:james-extensions/target/test-classes:$(cat target/bench-classpath.txt 2>/dev/null || cat james-extensions/target/bench-classpath.txt)"
exec java -Xmx1g -Dlogback.configurationFile="$root/bench/notify/logback-quiet.xml" -cp "$cp" bench/notify/NotifyBench.java "$@"

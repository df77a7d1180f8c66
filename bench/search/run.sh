#!/usr/bin/env bash
# Search latency bench (issue 6, issue 11 (e)): HTTP search p50/p99 on one user with N stored chat messages,
# default configuration. Fills the user in-process through James's mailbox API (SearchBench), then restarts the
# server with the shipped conf/ on the same store and times GET /cpm/v1/users/{user}/search over HTTP.
#
#   bench/search/run.sh [SIZES] [FILL_THREADS]     SIZES: comma-separated, ascending (default 100000)
#   SEARCH_WORK=/path bench/search/run.sh 1000000  reuse (and grow) a store filled by an earlier run
#
# Builds the test classes through the reactor (offline, never `install`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SIZES="${1:-100000}"
THREADS="${2:-4}"
WORK="${SEARCH_WORK:-$(mktemp -d /tmp/cpm-search-bench-XXXXXX)}"
mvn -B -o -q -pl james-extensions -am test-compile
mvn -B -o -q -pl james-extensions dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
# the reactor's own classes first: ~/.m2 may hold another checkout's snapshot of cpm-recording-mailets
# a snapshot of the compiled classes, so that a long fill survives rebuilds of the worktree
mkdir -p "$WORK/classes"
rm -rf "$WORK/classes/"*
cp -r james-extensions/target/test-classes "$WORK/classes/test-classes"
cp -r james-extensions/target/classes "$WORK/classes/classes"
cp -r cpm-recording-mailets/target/classes "$WORK/classes/mailets"
CP="$WORK/classes/test-classes:$WORK/classes/classes:$WORK/classes/mailets:$(cat james-extensions/target/bench-cp.txt)"
echo "search bench: store in $WORK"
exec java ${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -Dlogback.configurationFile=conf/logback.xml -cp "$CP" \
  org.cpmmss.james.http.SearchBench "$WORK" "$SIZES" "$THREADS"

#!/usr/bin/env bash
# Store-level append rate, embedded store vs PostgreSQL store, alternately in one JVM (docs/benchmarks.md, issue 23):
# runs the test-scope tool StoreBackendBench: WRITERS threads deliver 1 KiB chat objects to two owners (two appends
# sharing the body) for SECONDS per run, ROUNDS rounds of embedded then PostgreSQL. PostgreSQL is the tests' private
# server (Debian's postgresql 15 binaries, fsync on, started in a temporary directory on loopback and removed after).
#   bench/store/backends.sh [SECONDS=15] [WRITERS=8] [ROUNDS=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="$(mktemp -d /tmp/store-backends.XXXXXX)"
# through the reactor, never install: ~/.m2 is shared with other checkouts
mvn -B -o -q -pl cpm-recording-mailets,james-extensions test-compile >/dev/null
mvn -B -o -q -pl james-extensions dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
  -Dmdep.includeScope=test >/dev/null
CP="james-extensions/target/test-classes:james-extensions/target/classes:$(cat "$WORK/cp.txt")"
java -cp "$CP" org.cpmmss.james.store.postgresql.StoreBackendBench "$WORK" "${1:-15}" "${2:-8}" "${3:-2}" 2>/dev/null
rm -rf "$WORK"

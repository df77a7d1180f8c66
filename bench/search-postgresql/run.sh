#!/bin/sh
# Search on PostgreSQL vs the embedded Lucene index (docs/benchmarks.md, "Search on PostgreSQL"): indexing time of
# the conformance corpus, then IMAP criteria of one folder and HTTP history searches, timed alternately on both.
# Usage: bench/search-postgresql/run.sh [messages] [rounds]   (default 20000 7)
# Results: bench/search-postgresql/results/<date>.txt
set -e
cd "$(dirname "$0")/../.."
OUT="$PWD/bench/search-postgresql/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
mvn -B -o -q -pl cpm-recording-mailets,james-extensions test -Dtest='SearchIndexBench' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.messages="${1:-20000}" -Dbench.rounds="${2:-7}" -Dbench.results="$OUT"
cat "$OUT"

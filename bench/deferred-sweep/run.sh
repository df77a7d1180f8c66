#!/bin/sh
# Deferred expiry sweep bench (docs/benchmarks.md, "Deferred expiry sweep"): the time of one sweep that expunges
# 1,000 expired temporary objects among 100,000 and then 1,000,000 unexpired ones (injected clock).
# Usage: bench/deferred-sweep/run.sh [sizes] [real]   sizes: unexpired counts (default 100000,1000000);
#        real: how many of the unexpired are real temporary objects appended through the mailbox API (default 10000),
#        the rest are expiry-index entries only. Results: bench/deferred-sweep/results/<date>.txt
set -e
cd "$(dirname "$0")/../.."
OUT="$PWD/bench/deferred-sweep/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
mvn -B -o -q -pl james-extensions -am test -Dtest='DeferredSweepBench' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sizes="${1:-100000,1000000}" -Dbench.real="${2:-10000}" -Dbench.results="$OUT"
cat "$OUT"

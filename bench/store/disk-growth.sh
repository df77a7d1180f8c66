#!/usr/bin/env bash
# Store-level metadata/segment growth and append rate of the native store (docs/benchmarks.md, issue 22):
# runs the test-scope tool StoreDiskBench on a fresh directory: WRITERS threads append 1 KiB chat objects for
# SECONDS, each keeping its last KEEP messages (0: no expunge); prints appends/s and the sizes of meta.mv.db and
# of the segments every 5 s, at the end and after the clean close.
#   bench/store/disk-growth.sh [SECONDS=60] [WRITERS=1] [KEEP=200] [RETENTION_MS=1000] [WRITE_DELAY_MS=1000]
#                              [FILL_RATE=70] [SEGMENT_BYTES=67108864] [MAINTENANCE_MS=1000]
# WRITE_DELAY_MS=0 gives the former commit path (a chunk per JDBC commit), MAINTENANCE_MS=0 no compaction.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="$(mktemp -d /tmp/store-growth.XXXXXX)"
# through the reactor, never install: ~/.m2 is shared with other checkouts
mvn -B -o -q -pl james-extensions -am test-compile >/dev/null
mvn -B -o -q -pl james-extensions dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
  -Dmdep.includeScope=test >/dev/null
CP="james-extensions/target/test-classes:james-extensions/target/classes:$(cat "$WORK/cp.txt")"
java -cp "$CP" org.cpmmss.james.store.embedded.StoreDiskBench "$WORK/data" "${1:-60}" "${2:-1}" "${3:-200}" \
  "${4:-1000}" "${5:-1000}" "${6:-70}" "${7:-67108864}" "${8:-1000}" 2>/dev/null
rm -rf "$WORK"

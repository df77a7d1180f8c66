#!/usr/bin/env bash
# Start time, issue 22: which classes a start of cpm-mss loads from jars rather than from the class-data archive,
# and how long the Lucene ones take to load and initialise on their own (Lucene 3.6.2 is class file version 49:
# the archive cannot hold it, and the JVM checks it with the old type-inferring verifier).
#
#   bench/start/lucene-class-load.sh [ROUNDS=3]
#
# Boots bin/cpm-mss twice over a fresh data directory (the first run dumps the class-data archive at its clean stop,
# the second loads it) with -Xlog:class+load, prints the classes' sources of the second start, then loads the
# Lucene classes it named in fresh JVMs (ClassLoadTime.java, C1 as shipped), ROUNDS times. Ports: CPM_PORT_BASE
# (default 23300, compact layout).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS="${1:-3}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"
WORK="$(mktemp -d /tmp/cpm-class-load-XXXXXX)"
cpm_conf "$WORK" "${CPM_PORT_BASE:-23300}"
export JAVA_OPTS="-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 -Xlog:class+load=info:file=$WORK/class-load.log"
cpm_start "$WORK" "$WORK/data" && cpm_stop_term
rm -f "$WORK/class-load.log"
cpm_start "$WORK" "$WORK/data" && cpm_stop_term
echo "classes of the second start by source:"
grep -o 'source: [^ ]*' "$WORK/class-load.log" | sed 's#source: ##; s#.*/##' | sort | uniq -c | sort -rn | head -8
LUCENE_JAR="$(tr ':' '\n' < "$CPM_HOME/james-extensions/target/runtime-classpath.txt" | grep 'lucene-core' | head -1)"
grep 'lucene-core' "$WORK/class-load.log" | sed -E 's/^\[[^]]*\]\[[^]]*\]\[[^]]*\] ([^ ]+) source.*/\1/' > "$WORK/lucene-classes.txt"
javac -d "$WORK" "$HERE/ClassLoadTime.java"
for i in $(seq 1 "$ROUNDS"); do
  java -XX:TieredStopAtLevel=1 -cp "$WORK:$LUCENE_JAR" ClassLoadTime "$WORK/lucene-classes.txt"
done
rm -rf "$WORK"

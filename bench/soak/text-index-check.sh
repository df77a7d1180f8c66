#!/usr/bin/env bash
# What the text index of a data directory holds (issue 22's disk figure: the index is the largest part of a soaked
# data directory): Lucene's own CheckIndex, read-only, on a copy of DATA/lucene-text (the server may be running).
# Prints per segment its documents, deletions and size, and the totals; then per field its distinct terms, postings
# (term/document pairs), positions and term characters (TextIndexFieldStats.java beside this script).
#
#   bench/soak/text-index-check.sh DATA        (e.g. the soak's WORK/data)
set -euo pipefail
DATA="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(find "${M2_REPO:-$HOME/.m2/repository}/org/apache/lucene" -name 'lucene-core-3.6.2.jar' | head -1)"
[ -n "$JAR" ] || { echo "lucene-core 3.6.2 is not in the local Maven repository (build the project first)" >&2; exit 2; }
COPY="$(mktemp -d /tmp/text-index-XXXXXX)"
trap 'rm -rf "$COPY"' EXIT
cp -r "$DATA/lucene-text/." "$COPY/"
java -cp "$JAR" org.apache.lucene.index.CheckIndex "$COPY" > "$COPY.out" 2>&1 || true
grep -E "^Segments file|^  [0-9]+ of [0-9]+: name|size \(MB\)|open reader|test: fields|terms, freq, prox" "$COPY.out"
awk 'match($0, /docCount=[0-9]+/) {docs += substr($0, RSTART + 9, RLENGTH - 9)}
     match($0, /\[[0-9]+ deleted docs\]/) {deleted += substr($0, RSTART + 1, RLENGTH - 15)}
     match($0, /size \(MB\)=[0-9.]+/) {mb += substr($0, RSTART + 10, RLENGTH - 10)}
     END {printf "TEXT-INDEX documents=%d deleted=%d live=%d size_mb=%.2f\n", docs, deleted, docs - deleted, mb}' "$COPY.out"
rm -f "$COPY.out"
java -cp "$JAR" "$HERE/TextIndexFieldStats.java" "$COPY"

#!/usr/bin/env bash
# Indexing cost per 950-character document of a trigram field without frequencies or positions (the body field of
# the text index), with TrigramTokenizer giving every occurrence or each distinct trigram once, on random-letter words
# (few repeated trigrams) and on words of an 80-word vocabulary (many): an in-memory Lucene index, 3,000 documents,
# 6 rounds each (the last ones warm), the JVM's C1 compiler as shipped.
#   bench/search/tokenizer/run.sh [DOCS=3000]     (needs `mvn package` of james-extensions first)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../../.."
CP="$ROOT/james-extensions/target/classes:$(ls ~/.m2/repository/org/apache/lucene/lucene-core/3.6.2/lucene-core-3.6.2.jar)"
OUT="$(mktemp -d)"
javac -nowarn -d "$OUT" -cp "$CP" "$HERE/TrigramIndexing.java" 2>/dev/null
for natural in false true; do
  for distinct in false true; do
    java -XX:TieredStopAtLevel=1 -cp "$CP:$OUT" TrigramIndexing "$distinct" "$natural" "${1:-3000}" | tail -3
  done
done
rm -rf "$OUT"

#!/usr/bin/env bash
# Two builds' embedded store append path alone (bench/store/StoreAppendCpu.java: no IMAP, no James), alternately,
# each run on a fresh store directory; builds frozen with bench/ingest/server.sh's cpm_snapshot:
#
#   [KEYS=none|sequential|random] [PREFILL=0] bench/store/ab-store-append.sh HOME_A HOME_B [PAIRS=3] [N=6000]
#
# KEYS: a dedupe key recorded with each append, as the recording pipeline does (StoreAppendCpu.java); PREFILL: keys
# of that kind recorded first, in one transaction, and the file compacted (a store that has recorded many objects).
# Lines tagged A<n>/B<n>: appends/s, CPU of the appending thread and of the whole process per append (the group
# commit's force, H2's serialisation and writer threads), meta.mv.db's size right after the run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; PAIRS="${3:-3}"; N="${4:-6000}"
WORK="$(mktemp -d /tmp/ab-store-append-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
run() {
  local tag="$1" home="$2"
  rm -rf "$WORK/store"
  local line
  line="$(java -XX:TieredStopAtLevel=1 -Xmx512m -XX:+UseSerialGC \
    -cp "$home/james-extensions/target/classes:$(cat "$home/james-extensions/target/runtime-classpath.txt")" \
    "$HERE/StoreAppendCpu.java" "$WORK/store" "$N" "${KEYS:-none}" "${PREFILL:-0}" 2>/dev/null \
    | grep '^n=\|^prefilled' | sed 's/prefilled [0-9]* keys: meta_kb=/prefilled_meta_kb=/' | tr '\n' ' ')"
  echo "$tag $line load=$(cut -d' ' -f1 /proc/loadavg)"
}
for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) -eq 1 ]; then run "A$i" "$A"; run "B$i" "$B"; else run "B$i" "$B"; run "A$i" "$A"; fi
done

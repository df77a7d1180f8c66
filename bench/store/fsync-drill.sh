#!/usr/bin/env bash
# Syscall-trace drill of the native store's commit path (docs/store.md): a writer (the test helper
# CrashWriter) appends 1-owner chat objects to a fresh store and prints "ACK uid n" after each append
# returns; strace records every pwrite64 and fdatasync/fsync on the store's files. Prints how many appends
# were acknowledged, how many forces each file got, and checks that the forces come in pairs (active
# segment, then meta.mv.db) with at least one pair per acknowledgement. H2 may also write chunks of a
# transaction before its commit; only the forces order the acknowledgement.
#   bench/store/fsync-drill.sh [SECONDS]   (default 20; needs strace)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN="${1:-20}"
WORK="$(mktemp -d /tmp/store-drill.XXXXXX)"
# through the reactor, never install: ~/.m2 is shared with other checkouts
mvn -B -o -q -pl james-extensions -am test-compile >/dev/null
mvn -B -o -q -pl james-extensions dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
  -Dmdep.includeScope=test >/dev/null
CP="james-extensions/target/test-classes:james-extensions/target/classes:$(cat "$WORK/cp.txt")"
timeout "$SECONDS_TO_RUN" strace -f -y -e trace=fsync,fdatasync,pwrite64 -o "$WORK/trace.txt" \
  java -cp "$CP" org.cpmmss.james.store.embedded.CrashWriter "$WORK/data" > "$WORK/acks.txt" 2>/dev/null || true
python3 - "$WORK" <<'PY'
import re, sys
work = sys.argv[1]
acks = sum(1 for _ in open(f"{work}/acks.txt"))
events = []
for line in open(f"{work}/trace.txt"):
    m = re.search(r'(pwrite64|fdatasync|fsync)\(\d+<([^>]*)>', line)
    if m and '/data/' in m.group(2):
        name = m.group(2)
        kind = 'seg' if name.endswith('.seg') else 'meta' if name.endswith('meta.mv.db') else None
        if kind:
            events.append(('write' if m.group(1) == 'pwrite64' else 'force', kind))
forces = [k for op, k in events if op == 'force']
# the store forces in pairs: the active segment, then meta.mv.db; the writer is single-threaded, so each
# acknowledged append needs one pair that follows its last write
pairs, unpaired, i = 0, 0, 0
while i < len(forces):
    if forces[i] == 'seg' and i + 1 < len(forces) and forces[i + 1] == 'meta':
        pairs, i = pairs + 1, i + 2
    else:
        unpaired, i = unpaired + 1, i + 1
# writes after the last force pair belong to the append in flight when the writer was stopped
tail = 0
for op, k in reversed(events):
    if op == 'force':
        break
    tail += 1
print(f"acknowledged appends: {acks}")
print(f"forces: {forces.count('seg')} on segments, {forces.count('meta')} on meta.mv.db;"
      f" segment-then-metadata pairs: {pairs}; forces outside a pair: {unpaired}")
print(f"writes after the last force (the append in flight at the stop): {tail}")
print("OK: every acknowledged append is covered by a force pair" if pairs >= acks
      else "FAIL: fewer force pairs than acknowledgements")
print(f"trace: {work}/trace.txt")
PY

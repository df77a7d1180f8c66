#!/usr/bin/env bash
# Syscall-trace drill of the native store's commit path (docs/store.md): a writer (the test helper
# CrashWriter) appends 1-owner chat objects to a fresh store and prints "ACK uid n" after each append
# returns; strace records every pwrite64 and fdatasync/fsync on the store's files. Prints how many appends
# were acknowledged, how many forces each file got, and checks that the forces come in pairs (active
# segment, then meta.mv.db) with at least one pair per acknowledgement, and that each meta.mv.db force began only
# after the segment force before it had returned (the segment force runs on a thread of its own, alongside the
# chunk write: docs/store.md, "The two forces overlap"). H2 may also write chunks of a transaction before its
# commit; only the forces order the acknowledgement.
#   bench/store/fsync-drill.sh [SECONDS]   (default 20; needs strace)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN="${1:-20}"
WORK="$(mktemp -d /tmp/store-drill.XXXXXX)"
# through the reactor, never install: ~/.m2 is shared with other checkouts
mvn -B -o -q -pl james-extensions -am test-compile >/dev/null
# the classpath the build writes (dependency:build-classpath alone cannot resolve the reactor's own snapshot
# without an install)
[ -f james-extensions/target/runtime-classpath.txt ] || mvn -B -o -q -DskipTests package >/dev/null
CP="james-extensions/target/test-classes:james-extensions/target/classes:$(cat james-extensions/target/runtime-classpath.txt)"
timeout "$SECONDS_TO_RUN" strace -f -y -e trace=fsync,fdatasync,pwrite64 -o "$WORK/trace.txt" \
  java -cp "$CP" org.cpmmss.james.store.embedded.CrashWriter "$WORK/data" > "$WORK/acks.txt" 2>/dev/null || true
python3 - "$WORK" <<'PY'
import re, sys
from collections import Counter
work = sys.argv[1]
acks = sum(1 for _ in open(f"{work}/acks.txt"))
events = []
pending = {}              # pid -> kind of a force strace showed unfinished (another thread's syscall came between)
seg_open = False          # a segment force has begun and not yet returned
meta_forces = []          # (pid, begun while a segment force had not returned) per meta.mv.db force
for line in open(f"{work}/trace.txt"):
    pid = line.split(None, 1)[0]
    r = re.search(r'<\.\.\. (fdatasync|fsync) resumed>', line)
    if r:
        if pending.pop(pid, None) == 'seg':
            seg_open = False
        continue
    m = re.search(r'(pwrite64|fdatasync|fsync)\(\d+<([^>]*)>', line)
    if m and '/data/' in m.group(2):
        name = m.group(2)
        kind = 'seg' if name.endswith('.seg') else 'meta' if name.endswith('meta.mv.db') else None
        if kind:
            op = 'write' if m.group(1) == 'pwrite64' else 'force'
            events.append((op, kind))
            if op == 'force':
                if kind == 'meta':
                    meta_forces.append((pid, seg_open))
                if '<unfinished' in line:
                    pending[pid] = kind
                    if kind == 'seg':
                        seg_open = True
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
# the writer is single-threaded: the group's leader is the thread that forces meta.mv.db most; the others are the
# maintenance thread's own chunk writes (H2 compaction, not a group's force: it may write metadata of commits whose
# segment bytes are not forced yet, as H2's background writer may; recovery removes such messages, never acknowledged)
leader = Counter(p for p, _ in meta_forces).most_common(1)[0][0] if meta_forces else None
meta_early = sum(1 for p, early in meta_forces if early and p == leader)
others_early = sum(1 for p, early in meta_forces if early and p != leader)
print(f"group meta.mv.db forces begun before the segment force had returned: {meta_early}"
      f" (maintenance forces meanwhile: {others_early})")
print("OK: every acknowledged append is covered by a force pair" if pairs >= acks and meta_early == 0
      else "FAIL: fewer force pairs than acknowledgements" if pairs < acks
      else "FAIL: a meta.mv.db force began before its segment force returned")
print(f"trace: {work}/trace.txt")
PY

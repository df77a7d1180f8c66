#!/usr/bin/env bash
# H2 alone on a full disk: TRIALS runs of bench/drills/H2FullDiskCheck.java per H2 file-system prefix, each on a
# fresh 24 MiB tmpfs (root: mount). Shows why cpm-mss keeps a storage reserve (docs/operator-guide.md "Full disk").
#   bench/drills/h2-full-disk.sh [TRIALS=3] [PREFIXES="async file nio reopenable:async"]
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; ROOT="$(dirname "$(dirname "$HERE")")"
TRIALS="${1:-3}"; PREFIXES="${2:-async file nio reopenable:async}"
[ -f "$ROOT/james-extensions/target/runtime-classpath.txt" ] || (cd "$ROOT" && mvn -q -B -o package -DskipTests)
H2=$(tr ':' '\n' < "$ROOT/james-extensions/target/runtime-classpath.txt" | grep '/h2-[0-9.]*\.jar$' | head -1)
for prefix in $PREFIXES; do
  for trial in $(seq 1 "$TRIALS"); do
    mnt=$(mktemp -d /tmp/h2-full-disk-XXXXXX)
    mount -t tmpfs -o size=24m tmpfs "$mnt" || { echo "cannot mount a tmpfs (need root)"; exit 2; }
    java -cp "$H2:$ROOT/james-extensions/target/classes" "$HERE/H2FullDiskCheck.java" "$mnt" "$prefix" 4 5 8 2>/dev/null \
      | grep '^H2-FULL-DISK'
    umount "$mnt"; rmdir "$mnt"
  done
done

#!/usr/bin/env bash
# What the message store's metadata file holds once compacted (issue 22's disk soak: the running meta.mv.db against
# its content): on two copies of DATA/mailstore/meta.mv.db (the server may be running), the rows per table, then the
# size after H2's SHUTDOWN COMPACT with every row, and with the dedupe keys (recorded_key) deleted first.
#
#   bench/soak/meta-compacted.sh DATA        (e.g. the soak's WORK/data)
set -euo pipefail
DATA="$1"
JAR="$(find "${M2_REPO:-$HOME/.m2/repository}/com/h2database/h2" -name 'h2-2.4.240.jar' | head -1)"
[ -n "$JAR" ] || { echo "h2 2.4.240 is not in the local Maven repository (build the project first)" >&2; exit 2; }
WORK="$(mktemp -d /tmp/meta-compacted-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/all" "$WORK/nokeys"
cp "$DATA/mailstore/meta.mv.db" "$WORK/all/"
cp "$DATA/mailstore/meta.mv.db" "$WORK/nokeys/"
sql() { java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:$1/meta" -user "" -password "" -sql "$2"; }
echo "running file: $(stat -c %s "$DATA/mailstore/meta.mv.db") bytes"
sql "$WORK/all" "SELECT 'message' t, COUNT(*) n FROM message UNION ALL SELECT 'message_flags', COUNT(*) FROM message_flags
  UNION ALL SELECT 'blob', COUNT(*) FROM blob UNION ALL SELECT 'recorded_key', COUNT(*) FROM recorded_key
  UNION ALL SELECT 'folder', COUNT(*) FROM folder" | grep -v '^(' 
sql "$WORK/all" "SHUTDOWN COMPACT" > /dev/null
sql "$WORK/nokeys" "DELETE FROM recorded_key; SHUTDOWN COMPACT" > /dev/null
echo "META-COMPACTED all_rows=$(stat -c %s "$WORK/all/meta.mv.db") without_dedupe_keys=$(stat -c %s "$WORK/nokeys/meta.mv.db")"

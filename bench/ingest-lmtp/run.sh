#!/usr/bin/env bash
# LMTP ingestion benchmark: boots cpm-mss with the shipped conf/ (default policy) on free-ish ports over a
# fresh data directory, creates two owners, then measures 1 KiB chat objects to two owners with 1 and 8
# connections. Usage: bench/ingest-lmtp/run.sh [OBJECTS_PER_RUN]   (default 2000)
# Superseded by bench/ingest/run.sh (all four doors, CPU per object; DOORS=lmtp for LMTP only); kept so the
# figures of the "LMTP ingestion" section of docs/benchmarks.md can be reproduced as they were taken.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-2000}"
WORK="$(mktemp -d /tmp/cpm-ingest-bench-XXXXXX)"
cp -r "$HOME_DIR/conf" "$WORK/conf"
sed -i 's/127.0.0.1:1143/127.0.0.1:31143/' "$WORK/conf/imapserver.xml"
sed -i 's/127.0.0.1:1025/127.0.0.1:31025/' "$WORK/conf/smtpserver.xml"
sed -i 's/127.0.0.1:1024/127.0.0.1:31024/' "$WORK/conf/lmtpserver.xml"
sed -i 's/^port=8000/port=38000/' "$WORK/conf/webadmin.properties"
[ -f "$HOME_DIR/james-extensions/target/runtime-classpath.txt" ] || (cd "$HOME_DIR" && mvn -q -B -o package -DskipTests)
"$HOME_DIR/bin/cpm-mss" --conf "$WORK/conf" --data "$WORK/data" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do (echo > /dev/tcp/127.0.0.1/38000) 2>/dev/null && break; sleep 0.5; done
curl -sf -XPUT http://127.0.0.1:38000/domains/example.com >/dev/null
for u in +33630000001 +33630000002; do
  curl -sf -XPUT -H 'Content-Type: application/json' -d '{"password":"pw"}' "http://127.0.0.1:38000/users/$u@example.com" >/dev/null
done
python3 "$HOME_DIR/bench/ingest-lmtp/ingest.py" 31024 1 50 warmup >/dev/null
python3 "$HOME_DIR/bench/ingest-lmtp/ingest.py" 31024 1 "$N" one
python3 "$HOME_DIR/bench/ingest-lmtp/ingest.py" 31024 8 $((N / 8)) eight

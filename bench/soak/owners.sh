#!/usr/bin/env bash
# Issue 22: the disk cost of an 8 KiB object stored for 10 owners against the same object for 1 owner.
# For each N in OWNERS_LIST (default "1 10"): a fresh server (own data directory, ports PORT_BASE.. PORT_BASE+4,
# default 61810), users +33610000000..9@example.com, COUNT (default 200) group chat objects of SIZE (8192) bytes over
# LMTP with N RCPTs each (bench/soak/owners.py), the data directory measured before and SETTLE (15) s after; then a
# clean stop. Prints each run's parts and OWNERS-DISK lines, and the ratio of the per-object costs.
#
#   bench/soak/owners.sh            (environment: OWNERS_LIST COUNT SIZE SETTLE PORT_BASE)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../ingest/server.sh"
OWNERS_LIST="${OWNERS_LIST:-1 10}"; COUNT="${COUNT:-200}"; SIZE="${SIZE:-8192}"; SETTLE="${SETTLE:-15}"
PORT_BASE="${PORT_BASE:-61810}"
WORK="$(mktemp -d /tmp/cpm-owners-XXXXXX)"
SRC="$CPM_HOME"
cpm_snapshot "$WORK"
CPM_COMPACT_PORTS=1 cpm_conf "$WORK" "$PORT_BASE"
trap 'cpm_stop_term' EXIT
for n in $OWNERS_LIST; do
  cpm_start "$WORK" "$WORK/data-$n"
  curl -sf -XPUT "http://127.0.0.1:$HTTP_PORT/domains/example.com" >/dev/null
  for k in $(seq 0 9); do
    curl -sf -XPUT -H 'Content-Type: application/json' -d '{"password":"pw"}' \
      "http://127.0.0.1:$HTTP_PORT/users/+3361000000$k@example.com" >/dev/null
  done
  sleep "$SETTLE"
  python3 "$HERE/owners.py" --lmtp-port "$LMTP_PORT" --data "$WORK/data-$n" --owners "$n" --count "$COUNT" \
    --size "$SIZE" --settle "$SETTLE" --tag "own$n" | tee "$WORK/owners-$n.out"
  cpm_stop_term
done
grep -h OWNERS-DISK "$WORK"/owners-*.out | awk '{for(i=1;i<=NF;i++){split($i,kv,"="); if(kv[1]=="owners")o=kv[2]; if(kv[1]=="per_object")p[o]=kv[2]}}
  END{if(p[1]>0) for(o in p) printf "owners=%s per_object=%d ratio_to_1_owner=%.2f\n", o, p[o], p[o]/p[1]}'
echo "work dir $WORK" >&2

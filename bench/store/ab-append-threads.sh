#!/usr/bin/env bash
# bench/store/ab-builds.sh's append scenario, with the server's CPU per APPEND by thread (/proc/PID/task; the search
# indexer's threads apart: they run only when a slow run passes cpm.search.max-lag) and meta.mv.db's size right after
# the timed run, 20 s later and after the stop (the twenty-first session, docs/benchmarks.md):
#
#   bench/store/ab-append-threads.sh HOME_A HOME_B [PAIRS=2] [PORT=61700]
#
# HOME_A/HOME_B: builds frozen with bench/ingest/server.sh's cpm_snapshot. Each run: a fresh server, 1,500 untimed then
# 4,000 timed sequential APPENDs (bench/store/append-loop.py). Lines tagged A<n>/B<n>; ports PORT..PORT+4.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"; PAIRS="${3:-2}"; PORT="${4:-61700}"
export CPM_COMPACT_PORTS=1
source "$HERE/../ingest/server.sh"

threads() {
  python3 - "$1" <<'PY'
import json, os, re, sys
pid = int(sys.argv[1]); out = {}; tck = os.sysconf("SC_CLK_TCK")
for tid in os.listdir("/proc/%d/task" % pid):
    try:
        raw = open("/proc/%d/task/%s/stat" % (pid, tid)).read()
    except OSError:
        continue
    name = re.sub(r"[-#]?\d+", "", raw[raw.index("(") + 1:raw.rindex(")")]).replace(" ", "_")
    f = raw.rsplit(")", 1)[1].split()
    out[name] = out.get(name, 0) + (int(f[11]) + int(f[12])) * 1000 / tck
print(json.dumps(out))
PY
}

one() {
  local home="$1" tag="$2" work t0 t1 line meta settled
  work=$(mktemp -d /tmp/ab-append-XXXXXX)
  CPM_HOME="$home"; cpm_conf "$work" "$PORT"; cpm_start "$work" && cpm_users
  python3 "$HERE/append-loop.py" "$PORT" 1500 warm >/dev/null
  t0=$(threads "$SERVER_PID")
  line=$(python3 "$HERE/append-loop.py" "$PORT" 4000 measured)
  t1=$(threads "$SERVER_PID")
  meta=$(du -k "$work/data/mailstore/meta.mv.db" | cut -f1)
  echo "$tag $line $(python3 -c "
import json
a = json.loads('''$t0'''); b = json.loads('''$t1''')
d = {k: (b[k] - a.get(k, 0)) / 4000 for k in b}
tot = sum(d.values()); idx = sum(v for k, v in d.items() if k.startswith('cpm-search'))
top = sorted(d.items(), key=lambda kv: -kv[1])[:5]
print('cpu=%.2f no_indexer=%.2f ' % (tot, tot - idx) + ' '.join('%s:%.2f' % kv for kv in top))
") meta_kb=$meta load=$(cut -d' ' -f1 /proc/loadavg)"
  sleep 20; settled=$(du -k "$work/data/mailstore/meta.mv.db" | cut -f1)
  cpm_stop_term
  echo "$tag meta_kb_after_20s=$settled meta_kb_stopped=$(du -k "$work/data/mailstore/meta.mv.db" | cut -f1)"
  rm -rf "$work"
}

for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) = 1 ]; then one "$A" "A$i"; one "$B" "B$i"; else one "$B" "B$i"; one "$A" "A$i"; fi
done

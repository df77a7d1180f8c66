#!/usr/bin/env bash
# Issue 11 benchmark harness: the one command. cpm-mss (bin/cpm-mss, shipped conf/ with ports moved only,
# JAVA_OPTS as shipped unless you set it) side by side with Dovecot 2.3 on this machine, in the same run, with
# the same Python client; prints a results table and appends it, with the machine, load, date and commands,
# to docs/benchmarks.md.
#
#   bench/harness/run.sh            quick sizes (a few minutes)
#   bench/harness/run.sh --full     the issue's sizes (hours: the 1,000,000-message search fill dominates)
#
# Sizes can be set one by one through the environment (defaults quick / full):
#   MESSAGES=500/2000             (a) sequential APPEND and FETCH
#   WARMUP=1000                   (a) untimed APPENDs + FETCHes first, on both servers (the JVM compiles meanwhile)
#   CONC_CLIENTS=10 CONC_PER=50/200  (b) concurrent APPEND, clients x messages per client, one mailbox
#   SYNC_OBJECTS=1000/10000       (d) RCS-style sync of one conversation
#   SYNC_WARMUP=100               (d) untimed whole sync of another conversation first, both servers (the JVM compiles
#                                 the sync's paths meanwhile; 0: none, the measured sync is then the JVM's first)
#   SYNC_REPEATS=3                (d) syncs of fresh conversations per server, the two servers taking turns; each
#                                 figure is the median of the repetitions (every repetition's own figure beside it)
#   PAIRED_ROUNDS=60              (d) CHANGEDSINCE rounds per server after the syncs, the servers taking turns round
#                                 by round (0: none); (a) also runs its FETCH loop again in blocks of 100 taking turns
#   STARTS=3/5                    (g) restarts measured
#   INGEST_OBJECTS=400/4000       (c) objects per ingestion run (bench/ingest/run.sh, else bench/ingest-lmtp/run.sh)
#   SEARCH_SIZES=10000/100000,1000000  (e) stored chat messages per search measurement (bench/search/run.sh)
#   LMTP_OBJECTS=400              (l) LMTP ingestion side by side with Dovecot's LMTP (same objects, same two
#                                 recipients, 1 and 8 connections; bench/ingest-lmtp/ingest.py)
#   SKIP="c e f"                  scenarios to leave out (any of a b c d e f g l; the cpm-mss server is started even
#                                 when g is skipped)
#   NO_RECORD=1                   print only, do not append to docs/benchmarks.md
#   HARNESS_PORT_BASE=52000       cpm-mss listens on BASE+143 (IMAP), +25, +24, +80 (HTTP), +62 (SIP); Dovecot on BASE+144
#                                 (IMAP) and +145 (LMTP); with HARNESS_COMPACT_PORTS=1 on BASE..BASE+6 instead
# Needs root (Dovecot drops to nobody); `apt-get install dovecot-imapd` if Dovecot is missing. Builds with
# `mvn -o -q -DskipTests package` if the project is not built (never `install`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
FULL=0
[ "${1:-}" = "--full" ] && FULL=1
q() { if [ $FULL = 1 ]; then echo "$2"; else echo "$1"; fi; }
MESSAGES="${MESSAGES:-$(q 500 2000)}"
WARMUP="${WARMUP:-1000}"
CONC_CLIENTS="${CONC_CLIENTS:-10}"
CONC_PER="${CONC_PER:-$(q 50 200)}"
SYNC_OBJECTS="${SYNC_OBJECTS:-$(q 1000 10000)}"
SYNC_WARMUP="${SYNC_WARMUP:-100}"
SYNC_REPEATS="${SYNC_REPEATS:-3}"
PAIRED_ROUNDS="${PAIRED_ROUNDS:-60}"
STARTS="${STARTS:-$(q 3 5)}"
INGEST_OBJECTS="${INGEST_OBJECTS:-$(q 400 4000)}"
SEARCH_SIZES="${SEARCH_SIZES:-$(q 10000 100000,1000000)}"
SKIP="${SKIP:-}"
LMTP_OBJECTS="${LMTP_OBJECTS:-400}"
export MESSAGES WARMUP CONC_CLIENTS CONC_PER SYNC_OBJECTS SYNC_WARMUP SYNC_REPEATS PAIRED_ROUNDS STARTS INGEST_OBJECTS SEARCH_SIZES SKIP
skip() { case " $SKIP " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

command -v dovecot >/dev/null || { echo "Dovecot is not installed: apt-get install dovecot-imapd" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (Dovecot drops privileges to nobody)" >&2; exit 2; }
# built when nothing is, and packaged again when a class is newer than the jar: bin/cpm-mss then runs the classes
# directory, which the class-data archive cannot hold (a restart took 3.7 s instead of 1.9 in (g))
JAR="$(ls james-extensions/target/james-extensions-*.jar 2>/dev/null | grep -v -e "-tests.jar" -e "-sources.jar" | head -1 || true)"
if [ ! -f james-extensions/target/runtime-classpath.txt ] || [ ! -d james-extensions/target/classes ] || [ -z "$JAR" ] \
   || [ -n "$(find james-extensions/target/classes -newer "$JAR" -type f -print -quit)" ]; then
  mvn -B -o -q -DskipTests package
fi

WORK="$(mktemp -d /tmp/cpm-harness-XXXXXX)"
OUT="$WORK/out"
mkdir -p "$OUT"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "harness: work directory $WORK, load average at start $LOAD_START"

python3 bench/harness/harness.py --work "$WORK" --messages "$MESSAGES" --warmup "$WARMUP" --concurrent-clients "$CONC_CLIENTS" \
  --concurrent-messages "$CONC_PER" --sync-objects "$SYNC_OBJECTS" --sync-warmup "$SYNC_WARMUP" --sync-repeats "$SYNC_REPEATS" --paired-rounds "$PAIRED_ROUNDS" --starts "$STARTS" --lmtp-objects "$LMTP_OBJECTS" --json "$OUT/imap.json" \
  | tee "$OUT/imap.txt"

INGEST_CMD="(skipped)"
if ! skip c; then
  if [ -x bench/ingest/run.sh ]; then
    INGEST_CMD="bench/ingest/run.sh $INGEST_OBJECTS"
  else
    # hook: bench/ingest/run.sh (LMTP, HTTP, SMTP and SIP at 1 and 8 connections) replaces this once merged
    INGEST_CMD="bench/ingest-lmtp/run.sh $INGEST_OBJECTS"
  fi
  echo "harness: (c) $INGEST_CMD"
  $INGEST_CMD 2>&1 | tee "$OUT/ingest.txt" || echo "(c) failed: see $OUT/ingest.txt" | tee -a "$OUT/ingest.txt"
fi

SEARCH_CMD="(skipped)"
if ! skip e; then
  SEARCH_CMD="bench/search/run.sh $SEARCH_SIZES"
  echo "harness: (e) $SEARCH_CMD"
  $SEARCH_CMD 2>&1 | tee "$OUT/search.txt" || echo "(e) failed: see $OUT/search.txt" | tee -a "$OUT/search.txt"
fi

SWEEP_CMD="(skipped)"
if ! skip f; then
  if [ -x bench/deferred-sweep/run.sh ]; then
    SWEEP_CMD="bench/deferred-sweep/run.sh"
    echo "harness: (f) $SWEEP_CMD"
    $SWEEP_CMD 2>&1 | tee "$OUT/sweep.txt" || echo "(f) failed: see $OUT/sweep.txt" | tee -a "$OUT/sweep.txt"
  else
    SWEEP_CMD="(bench/deferred-sweep/run.sh not present in this checkout)"
  fi
fi
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

REPORT="$OUT/report.md"
python3 - "$OUT" "$DATE" "$LOAD_START" "$LOAD_END" "$FULL" "$INGEST_CMD" "$SEARCH_CMD" "$SWEEP_CMD" "$*" > "$REPORT" <<'PY'
import json, os, sys
out, date, load0, load1, full, ingest, search, sweep, argv = sys.argv[1:10]
r = json.load(open(os.path.join(out, "imap.json")))
m = r["machine"]
print("### Harness run %s (%s sizes)\n" % (date, "full" if full == "1" else "quick"))
print("Machine: %d CPUs (%s), %.1f GB RAM, %s; load average at start %s, at end %s (other engineers' builds "
      "share this machine)." % (m["nproc"], m["cpu"], m["ram_gb"], m["java"], load0, load1))
print("cpm-mss: `%s` with JAVA_OPTS %s; Dovecot %s from a temporary directory (maildir, `/` separator, "
      "default fsync settings).\n" % (r["cpm_command"], r["java_opts"], r["dovecot_version"]))
print("Command: `bench/harness/run.sh %s` with MESSAGES=%s WARMUP=%s CONC_CLIENTS=%s CONC_PER=%s SYNC_OBJECTS=%s SYNC_WARMUP=%s SYNC_REPEATS=%s STARTS=%s "
      "INGEST_OBJECTS=%s SEARCH_SIZES=%s SKIP=\"%s\"\n" % ((argv,) + tuple(os.environ.get(k, "") for k in (
          "MESSAGES", "WARMUP", "CONC_CLIENTS", "CONC_PER", "SYNC_OBJECTS", "SYNC_WARMUP", "SYNC_REPEATS", "STARTS", "INGEST_OBJECTS", "SEARCH_SIZES", "SKIP"))))
table = open(os.path.join(out, "imap.txt")).read().split("\n| measure")[-1]
print("| measure" + table.rstrip())
for label, name, cmd in (("(c) ingestion", "ingest.txt", ingest), ("(e) search", "search.txt", search),
                         ("(f) expiry sweep", "sweep.txt", sweep)):
    print("\n%s — `%s`:\n" % (label, cmd))
    path = os.path.join(out, name)
    if os.path.exists(path):
        lines = [l for l in open(path).read().splitlines() if l.strip() and not l.startswith("[")]
        print("```\n%s\n```" % "\n".join(lines[-30:]))
    else:
        print("not run")
PY
echo
cat "$REPORT"
if [ -z "${NO_RECORD:-}" ]; then
  { echo; cat "$REPORT"; } >> docs/benchmarks.md
  echo "harness: appended to docs/benchmarks.md"
fi

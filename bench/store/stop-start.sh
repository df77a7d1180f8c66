#!/usr/bin/env bash
# Clean stop and start times of the server on the native store (issue 22 targets: stop < 3 s, start < 2 s).
#   bench/store/stop-start.sh [CYCLES] [MESSAGES]     (default 3 cycles, 2000 messages loaded before the first)
# Runs bin/cpm-mss from this checkout (run `mvn -B -o -q -DskipTests package` first) with a copy of conf/ on
# 127.0.0.1 ports 61600-61699 (STOPSTART_PORT_BASE to move them) and storage.embedded.mailbox=native, on a fresh
# data directory. A warm-up cycle first (it writes the class-data archive at its stop, which the measured starts then
# map), then MESSAGES 1 KiB objects by IMAP APPEND (4 clients), then CYCLES measured cycles:
#   start = from the launch of bin/cpm-mss to the log line "cpm-mss ... started" (every door is bound by then);
#           start_cpu = the CPU time (user + system, all threads) the JVM used until then: on a loaded machine the
#           comparable figure (wall-clock grows with the load average, printed at the end)
#   stop  = from SIGTERM to the process's exit (status 0 expected: clean stop)
# TREES="DIR1 DIR2 ..." (default: this checkout) runs the same cycles with the bin/cpm-mss of each built tree in turn,
# on the same data directory, one after the other within each cycle (A/B on the same run; each tree keeps its own
# class-data archive, WORK/cache-N). A tree is any directory with bin/ and a built james-extensions/target.
# STOP_LOAD=1 stops under load: each measured cycle first runs, for LOAD_SECONDS (default 15), 2 LMTP connections of
# bench/ingest/load.py (1 KiB chat objects for alice@ and bob@example.com, acknowledgements logged) and 2 IMAP
# clients APPENDing to bench@example.com's INBOX, and sends SIGTERM while they still run; the next start (and one more start at
# the end) checks with bench/drills/check.py that every acknowledged object is stored (lost=0, duplicated=0).
# JFR=1 records each run (start to stop) with Java Flight Recorder (run-N.jfr in the work directory; not during the
# warm-up's stop, which writes the class-data archive and disables JFR; where the
# time goes: `jfr print --events jdk.ExecutionSample FILE | grep 'at ' | sort | uniq -c | sort -rn | head`).
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC="$(pwd)"
CYCLES="${1:-3}"
MESSAGES="${2:-2000}"
BASE="${STOPSTART_PORT_BASE:-61600}"
read -r -a TREE_LIST <<< "${TREES:-$SRC}"
LOAD_SECONDS="${LOAD_SECONDS:-15}"
WORK="$(mktemp -d /tmp/stop-start.XXXXXX)"
CONF="$WORK/conf"
DATA="$WORK/data"
cp -r conf "$CONF"
sed -i "s|<bind>127.0.0.1:1143</bind>|<bind>127.0.0.1:$((BASE + 43))</bind>|" "$CONF/imapserver.xml"
sed -i "s|<bind>127.0.0.1:1025</bind>|<bind>127.0.0.1:$((BASE + 25))</bind>|" "$CONF/smtpserver.xml"
sed -i "s|<bind>127.0.0.1:1024</bind>|<bind>127.0.0.1:$((BASE + 24))</bind>|" "$CONF/lmtpserver.xml"
sed -i "s|^port=8000|port=$((BASE + 80))|" "$CONF/webadmin.properties"
sed -i "s|^sip.bind=127.0.0.1:5062|sip.bind=127.0.0.1:$((BASE + 62))|" "$CONF/sipserver.properties"
sed -i "s|^storage.embedded.mailbox=.*|storage.embedded.mailbox=native|" "$CONF/storage.properties"
IMAP=$((BASE + 43))
HTTP=$((BASE + 80))
PID=""
LOADERS=()
trap 'for p in "${LOADERS[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null; true' EXIT

now() { date +%s.%N; }

# start LABEL TREE_INDEX: launches the server, waits for "started"; sets TOOK to the seconds it took (no subshell:
# PID stays set)
start() {
  LABEL="$1"
  local tree="${TREE_LIST[$2]}" log="$WORK/server-$1.log" opts="${BASE_JAVA_OPTS:-}"
  if [ "${JFR:-0}" = 1 ]; then
    # one file name for every run: the options are part of the class-data archive's key (bin/cpm-mss)
    opts="$opts -XX:StartFlightRecording=filename=$WORK/run.jfr,settings=profile,dumponexit=true"
  fi
  local t0; t0=$(now)
  CPM_CACHE_DIR="$WORK/cache-$2" \
  JAVA_OPTS="${opts:+-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 $opts}" \
    "$tree/bin/cpm-mss" --conf "$CONF" --data "$DATA" > "$log" 2>&1 &
  PID=$!
  until grep -q "cpm-mss .* started" "$log"; do
    kill -0 "$PID" 2>/dev/null || { echo "server died, see $log" >&2; exit 1; }
    sleep 0.02
  done
  TOOK=$(echo "$(now) - $t0" | bc)
  local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  CPU=$(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc)
}

# stop: SIGTERM, waits for the exit, checks the exit status; sets TOOK to the seconds it took
stop() {
  local t0 status=0; t0=$(now)
  kill -TERM "$PID"
  wait "$PID" || status=$?
  PID=""
  TOOK=$(echo "$(now) - $t0" | bc)
  [ "$status" = 0 ] || { echo "stop exited with $status" >&2; exit 1; }
  if [ -f "$WORK/run.jfr" ]; then mv "$WORK/run.jfr" "$WORK/run-$LABEL.jfr"; fi
}

put() {
  local code
  code=$(curl -s -o "$WORK/curl.out" -w '%{http_code}' -XPUT -H 'Content-Type: application/json' "$1" ${2:+-d "$2"})
  case "$code" in 204|409) ;; *) echo "PUT $1: HTTP $code $(cat "$WORK/curl.out")" >&2; exit 1 ;; esac
}

load() {
  put "http://127.0.0.1:$HTTP/domains/example.com"
  put "http://127.0.0.1:$HTTP/users/bench@example.com" '{"password":"secret"}'
  for u in alice bob; do put "http://127.0.0.1:$HTTP/users/$u@example.com" '{"password":"pw"}'; done
  python3 - "$IMAP" "$MESSAGES" <<'PY'
import imaplib, sys, threading
port, total = int(sys.argv[1]), int(sys.argv[2])
body = ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: bench\r\nContent-Type: text/plain\r\n\r\n"
        + "x" * 900 + "\r\n").encode()
def run(n):
    c = imaplib.IMAP4("127.0.0.1", port); c.login("bench@example.com", "secret")
    for i in range(n):
        c.append("INBOX", None, None, body)
    c.logout()
threads = [threading.Thread(target=run, args=(total // 4,)) for _ in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
PY
}

# running_load LABEL: LMTP and IMAP clients in the background until killed (STOP_LOAD=1)
running_load() {
  python3 bench/ingest/load.py --door lmtp --conns 2 --seconds 3600 --tag "ss$1" --lmtp-port $((BASE + 24)) \
    --imap-port "$IMAP" --ack-log "$WORK/acked" --quiet-errors --timeout 10 > "$WORK/load-$1.out" 2>&1 &
  LOADERS+=($!)
  python3 - "$IMAP" > "$WORK/imap-load-$1.out" 2>&1 <<'PY' &
import imaplib, sys, threading
port = int(sys.argv[1])
body = ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: stop\r\nContent-Type: text/plain\r\n\r\n"
        + "y" * 900 + "\r\n").encode()
def run():
    c = imaplib.IMAP4("127.0.0.1", port); c.login("bench@example.com", "secret")
    while True:
        c.append("INBOX", None, None, body)
threads = [threading.Thread(target=run, daemon=True) for _ in range(2)]
[t.start() for t in threads]; [t.join() for t in threads]
PY
  LOADERS+=($!)
}

stop_loaders() {
  for p in "${LOADERS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  LOADERS=()
}

check_stored() {
  [ -f "$WORK/acked" ] || return 0
  python3 bench/drills/check.py "$IMAP" "$WORK/acked" "$WORK/check-state.json" 60 | tee -a "$WORK/checks" \
    || { echo "acknowledged objects lost or duplicated after a stop under load (see $WORK/checks)" >&2; exit 1; }
}

echo "work directory: $WORK; trees: ${TREE_LIST[*]}"
for t in "${!TREE_LIST[@]}"; do
  start "warmup-$t" "$t"
  echo "warm-up start, tree $t: $TOOK s (without a class-data archive; it is written at this run's stop)"
  if [ "$t" = 0 ]; then
    load
    echo "loaded $MESSAGES messages; data directory $(du -sh "$DATA" | cut -f1)"
  fi
  stop
  echo "warm-up stop, tree $t: $TOOK s"
done
printf '%-6s %-5s %10s %12s %10s %s\n' cycle tree start_s start_cpu_s stop_s "${STOP_LOAD:+acked_before_stop}"
for i in $(seq 1 "$CYCLES"); do
  for t in "${!TREE_LIST[@]}"; do
    start "$i-$t" "$t"
    s=$TOOK
    c=$CPU
    acked=""
    if [ "${STOP_LOAD:-0}" = 1 ]; then
      check_stored > /dev/null
      running_load "$i-$t"
      sleep "$LOAD_SECONDS"
      acked=$(wc -l < "$WORK/acked" 2>/dev/null || echo 0)
    else
      sleep 2
    fi
    stop
    stop_loaders
    printf '%-6s %-5s %10.2f %12.2f %10.2f %s\n' "$i" "$t" "$s" "$c" "$TOOK" "$acked"
  done
done
if [ "${STOP_LOAD:-0}" = 1 ]; then
  start final 0
  check_stored
  stop
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h "SIGTERM\|Dispose\|SIP bridge stopping\|JAMES server stopped\|stopped cleanly\|closed " "$WORK/server-$CYCLES-0.log" \
  | cut -c1-120 | tail -20

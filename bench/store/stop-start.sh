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
# JFR=1 records each run (start to stop) with Java Flight Recorder (run-N.jfr in the work directory; not during the
# warm-up's stop, which writes the class-data archive and disables JFR; where the
# time goes: `jfr print --events jdk.ExecutionSample FILE | grep 'at ' | sort | uniq -c | sort -rn | head`).
set -euo pipefail
cd "$(dirname "$0")/../.."
CYCLES="${1:-3}"
MESSAGES="${2:-2000}"
BASE="${STOPSTART_PORT_BASE:-61600}"
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
trap '[ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null; true' EXIT

now() { date +%s.%N; }

# start LABEL: launches the server, waits for "started"; sets TOOK to the seconds it took (no subshell: PID stays set)
start() {
  LABEL="$1"
  local log="$WORK/server-$1.log" opts="${BASE_JAVA_OPTS:-}"
  if [ "${JFR:-0}" = 1 ]; then
    # one file name for every run: the options are part of the class-data archive's key (bin/cpm-mss)
    opts="$opts -XX:StartFlightRecording=filename=$WORK/run.jfr,settings=profile,dumponexit=true"
  fi
  local t0; t0=$(now)
  JAVA_OPTS="${opts:+-Xms32m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:TieredStopAtLevel=1 $opts}" \
    bin/cpm-mss --conf "$CONF" --data "$DATA" > "$log" 2>&1 &
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

load() {
  local code
  code=$(curl -s -o "$WORK/curl.out" -w '%{http_code}' -XPUT "http://127.0.0.1:$HTTP/domains/example.com")
  case "$code" in 204|409) ;; *) echo "add domain: HTTP $code $(cat "$WORK/curl.out")" >&2; exit 1 ;; esac
  code=$(curl -s -o "$WORK/curl.out" -w '%{http_code}' -XPUT -H 'Content-Type: application/json' \
    "http://127.0.0.1:$HTTP/users/bench@example.com" -d '{"password":"secret"}')
  case "$code" in 204|409) ;; *) echo "add user: HTTP $code $(cat "$WORK/curl.out")" >&2; exit 1 ;; esac
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

echo "work directory: $WORK"
start warmup
echo "warm-up start: $TOOK s (without a class-data archive; it is written at this run's stop)"
load
echo "loaded $MESSAGES messages; data directory $(du -sh "$DATA" | cut -f1)"
stop
echo "warm-up stop: $TOOK s"
printf '%-6s %10s %12s %10s\n' cycle start_s start_cpu_s stop_s
for i in $(seq 1 "$CYCLES"); do
  start "$i"
  s=$TOOK
  c=$CPU
  sleep 2
  stop
  printf '%-6s %10.2f %12.2f %10.2f\n' "$i" "$s" "$c" "$TOOK"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h "Native message store open\|stopped cleanly\|closed EmbeddedStorage\|closed James" "$WORK/server-$CYCLES.log" | tail -4

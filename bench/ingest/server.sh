# Shared by bench/ingest/run.sh and bench/drills/*.sh (source it): boot bin/cpm-mss with a copy of the shipped
# conf/ on a port base of our own (so it can run next to another instance; below 32768, out of the
# kernel's ephemeral range, or a client socket may hold a port when the server restarts), a pf token, users alice and bob.
#   cpm_conf WORK BASE       copy conf/ to WORK/conf with ports BASE+143 (IMAP), +25 (SMTP), +24 (LMTP),
#                            +80 (HTTP) and +62 (SIP); the default BASE 21000 gives 21143/21025/21024/21080/21062;
#                            with CPM_COMPACT_PORTS=1: BASE (IMAP), +1 (SMTP), +2 (LMTP), +3 (HTTP), +4 (SIP)
#   cpm_start WORK [DATA]    start the server (log WORK/server.log), wait for every door; sets SERVER_PID
#   cpm_users                create domain example.com and alice@/bob@example.com (password pw)
#   cpm_stop_term / cpm_kill SIGTERM / SIGKILL the server we started
#   cpm_snapshot WORK        run later starts from a copy of the current build (WORK/home): rebuilding the
#                            worktree meanwhile cannot change the classes of a long drill halfway
CPM_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CPM_TOKEN="benchPfToken0123456789"

cpm_conf() {
  local work="$1" base="${2:-21000}"
  IMAP_PORT=$((base + 143)); SMTP_PORT=$((base + 25)); LMTP_PORT=$((base + 24)); HTTP_PORT=$((base + 80)); SIP_PORT=$((base + 62))
  if [ -n "${CPM_COMPACT_PORTS:-}" ]; then
    IMAP_PORT=$base; SMTP_PORT=$((base + 1)); LMTP_PORT=$((base + 2)); HTTP_PORT=$((base + 3)); SIP_PORT=$((base + 4))
  fi
  rm -rf "$work/conf"; cp -r "$CPM_HOME/conf" "$work/conf"
  sed -i "s/127.0.0.1:1143/127.0.0.1:$IMAP_PORT/" "$work/conf/imapserver.xml"
  sed -i "s/127.0.0.1:1025/127.0.0.1:$SMTP_PORT/" "$work/conf/smtpserver.xml"
  sed -i "s/127.0.0.1:1024/127.0.0.1:$LMTP_PORT/" "$work/conf/lmtpserver.xml"
  sed -i "s/^port=8000/port=$HTTP_PORT/" "$work/conf/webadmin.properties"
  sed -i "s/^sip.bind=.*/sip.bind=127.0.0.1:$SIP_PORT/" "$work/conf/sipserver.properties"
  sed -i "s/^cpm.http.tokens=.*/cpm.http.tokens=$CPM_TOKEN:pf/" "$work/conf/cpm.properties"
  LOAD_PORTS=(--lmtp-port "$LMTP_PORT" --smtp-port "$SMTP_PORT" --http-port "$HTTP_PORT" --sip-port "$SIP_PORT"
              --imap-port "$IMAP_PORT" --token "$CPM_TOKEN")
}

cpm_port_open() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cpm_start() {
  local work="$1" data="${2:-$1/data}"
  [ -f "$CPM_HOME/james-extensions/target/runtime-classpath.txt" ] || (cd "$CPM_HOME" && mvn -q -B -o package -DskipTests)
  "$CPM_HOME/bin/cpm-mss" --conf "$work/conf" --data "$data" >> "$work/server.log" 2>&1 &
  SERVER_PID=$!
  local t0=$SECONDS
  until cpm_port_open "$HTTP_PORT" && cpm_port_open "$LMTP_PORT" && cpm_port_open "$SMTP_PORT" \
        && cpm_port_open "$IMAP_PORT" && cpm_port_open "$SIP_PORT"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died, see $work/server.log" >&2; return 1; }
    [ $((SECONDS - t0)) -lt 600 ] || { echo "server not up after 600 s" >&2; return 1; }
    sleep 0.3
  done
}

cpm_users() {
  curl -sf -XPUT "http://127.0.0.1:$HTTP_PORT/domains/example.com" >/dev/null
  for u in alice bob; do
    curl -sf -XPUT -H 'Content-Type: application/json' -d '{"password":"pw"}' \
      "http://127.0.0.1:$HTTP_PORT/users/$u@example.com" >/dev/null
  done
}

# (the server's own exit status, 143 after SIGTERM, is not the caller's: under `set -e` an EXIT trap calling these
# would otherwise end the script with 143 after a successful run)
cpm_stop_term() { if [ -n "${SERVER_PID:-}" ] && kill -TERM "$SERVER_PID" 2>/dev/null; then wait "$SERVER_PID" 2>/dev/null || true; fi; SERVER_PID=; }
cpm_kill() { if [ -n "${SERVER_PID:-}" ]; then kill -KILL "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi; SERVER_PID=; }

cpm_snapshot() {
  local work="$1" src="$CPM_HOME"
  [ -f "$src/james-extensions/target/runtime-classpath.txt" ] || (cd "$src" && mvn -q -B -o package -DskipTests)
  mkdir -p "$work/home/bin" "$work/home/james-extensions/target" "$work/home/cpm-recording-mailets/target"
  cp "$src/bin/cpm-mss" "$work/home/bin/"; rm -rf "$work/home/conf"; cp -r "$src/conf" "$work/home/conf"
  cp -r "$src/james-extensions/target/classes" "$work/home/james-extensions/target/"
  cp "$src"/cpm-recording-mailets/target/*.jar "$work/home/cpm-recording-mailets/target/"
  sed "s#$src/cpm-recording-mailets#$work/home/cpm-recording-mailets#g" "$src/james-extensions/target/runtime-classpath.txt" \
    > "$work/home/james-extensions/target/runtime-classpath.txt"
  CPM_HOME="$work/home"
}

# Waits until the server is idle (under 20 ms of CPU in a second, at most 90 s) and prints the CPU ticks (user +
# system) it spent since $1 (ticks, e.g. read at the end of a timed run): the work a run left behind, such as the
# text index, which cpm-mss writes once clients pause (cpm.search.quiet-wait).
cpm_settle_ticks() {
  local from="$1" last now i
  last=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
  for i in $(seq 1 90); do
    sleep 1; now=$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")
    [ $((now - last)) -lt $(( $(getconf CLK_TCK) / 50 + 1 )) ] && break
    last=$now
  done
  echo $((last - from))
}

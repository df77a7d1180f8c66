#!/usr/bin/env bash
# Issue 23: LMTP ingestion of 1 KiB chat objects (two owners per object, bench/ingest-lmtp/ingest.py) at 8
# connections, in one run:
#   embedded   one node, storage.backend=embedded, events.backend=local (the default configuration)
#   pg-1node   one node, storage.backend=postgresql, events.backend=rabbitmq, 8 connections
#   pg-2nodes  two nodes on one PostgreSQL database and one RabbitMQ virtual host, 4 connections to each at once
# Reports objects/s, the CPU time per object of the cpm-mss JVM(s), of PostgreSQL (postmaster and its backends)
# and of RabbitMQ (the Erlang VM), from /proc/PID/stat, and the load average. Figures: docs/benchmarks.md.
#   bench/scale-out/run.sh [OBJECTS=1600] [ROUNDS=1]
# PostgreSQL 15 (Debian's binaries, /usr/lib/postgresql/15/bin, fsync and synchronous_commit on, run as user
# postgres under runuser) and RabbitMQ (Debian's rabbitmq-server as a node of its own, with its own epmd, cookie,
# database and logs; no plugin) are private to the run, on loopback, in a temporary directory removed at the end.
# Ports: PORT_BASE (default 61400): +0 PostgreSQL, +1 AMQP, +2 Erlang distribution, +3 epmd; nodes at
# +10..+14 (A), +20..+24 (B), +30..+34 (embedded), +40..+44 (the single PostgreSQL node): IMAP, SMTP, LMTP, HTTP (WebAdmin), SIP. Needs root (runuser).
# JAVA_OPTS is passed to bin/cpm-mss. JFR_DIR=DIR: a JFR recording (settings=profile) of each node's JVM during each
# measurement only (jcmd JFR.start/JFR.stop; JFR_ROUND=N: in round N only), DIR/<scenario>-r<round>-<pid>.jfr; bench/scale-out/jfr-split.py
# summarises them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../ingest/server.sh"
N="${1:-1600}"
ROUNDS="${2:-1}"
BASE="${PORT_BASE:-61400}"
PG_PORT=$BASE; AMQP_PORT=$((BASE + 1)); DIST_PORT=$((BASE + 2)); EPMD_PORT=$((BASE + 3))
PG_BIN=/usr/lib/postgresql/15/bin
RMQ_BIN=/usr/lib/rabbitmq/bin
INGEST="python3 $CPM_HOME/bench/ingest-lmtp/ingest.py"
export CPM_COMPACT_PORTS=1
[ -f "$CPM_HOME/james-extensions/target/runtime-classpath.txt" ] || (cd "$CPM_HOME" && mvn -B -o -q -DskipTests package)

WORK="$(mktemp -d /tmp/cpm-scale-out-XXXXXX)"
chmod 755 "$WORK"
PIDS=()
EPMD_PID=; RMQ_PID=
RMQ_ENV=()

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && { wait "$p" 2>/dev/null || true; }; done
  if [ -n "$RMQ_PID" ]; then
    env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" shutdown >/dev/null 2>&1 || kill -TERM "$RMQ_PID" 2>/dev/null || true
    wait "$RMQ_PID" 2>/dev/null || true
  fi
  [ -n "$EPMD_PID" ] && { kill -TERM "$EPMD_PID" 2>/dev/null || true; wait "$EPMD_PID" 2>/dev/null || true; }
  [ -d "$WORK/pg/data" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -n "${KEEP_WORK:-}${FAILED:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- PostgreSQL ------------------------------------------------------------------------------------------------
mkdir -p "$WORK/pg/sockets"; chown -R postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 >"$WORK/pg/initdb.log"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg/sockets -c fsync=on -c synchronous_commit=on -c max_connections=200" start >/dev/null
PG_PID=$(head -1 "$WORK/pg/data/postmaster.pid")
psql_admin() { runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt "$@"; }
psql_admin -c "CREATE ROLE cpmmss LOGIN PASSWORD 'cpmmss'"

# --- RabbitMQ (as RabbitMqTestBroker runs it) ------------------------------------------------------------------
R="$WORK/rabbitmq"; mkdir -p "$R/home" "$R/mnesia" "$R/log"
echo "CPMMSSBENCH$(date +%s%N)" > "$R/home/.erlang.cookie"; chmod 400 "$R/home/.erlang.cookie"
echo "[]." > "$R/enabled_plugins"; : > "$R/rabbitmq-env.conf"
cat > "$R/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
default_user = cpmmss
default_pass = cpmmss
default_vhost = cpmmss
loopback_users = none
log.console = false
EOF
RMQ_NODE="cpmbench$$@localhost"
RMQ_ENV=(HOME="$R/home" RABBITMQ_CONF_ENV_FILE="$R/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$R/rabbitmq.conf"
  RABBITMQ_ENABLED_PLUGINS_FILE="$R/enabled_plugins" RABBITMQ_NODENAME="$RMQ_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" RABBITMQ_MNESIA_BASE="$R/mnesia"
  RABBITMQ_LOG_BASE="$R/log" RABBITMQ_PID_FILE="$R/broker.pid"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1)
epmd -port "$EPMD_PORT" -address 127.0.0.1 > "$R/epmd.log" 2>&1 &
EPMD_PID=$!
env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmq-server" > "$R/broker.out" 2>&1 &
RMQ_PID=$!
for _ in $(seq 1 600); do cpm_port_open "$AMQP_PORT" && break; kill -0 "$RMQ_PID" 2>/dev/null || { cat "$R/broker.out" >&2; exit 1; }; sleep 0.3; done
cpm_port_open "$AMQP_PORT" || { echo "RabbitMQ did not open $AMQP_PORT" >&2; exit 1; }
BEAM_PID=$(pgrep -P "$RMQ_PID" -f beam.smp | head -1 || true)
[ -n "$BEAM_PID" ] || BEAM_PID=$(pgrep -f "beam.smp.*$RMQ_NODE" | head -1)

# --- measurement helpers ---------------------------------------------------------------------------------------
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
pg_procs() { echo "$PG_PID" $(pgrep -P "$PG_PID" || true); }
HZ=$(getconf CLK_TCK)

# node NAME BASE DB|embedded : conf + data under WORK/NAME, launched (not waited for); sets NODE_LMTP, NODE_HTTP
node() {
  local name="$1" base="$2" db="$3" w="$WORK/$1"
  mkdir -p "$w"; cpm_conf "$w" "$base"
  if [ "$db" != embedded ]; then
    sed -i -e 's/^storage.backend=.*/storage.backend=postgresql/' -e 's/^events.backend=.*/events.backend=rabbitmq/' "$w/conf/storage.properties"
    cat >> "$w/conf/storage.properties" <<EOF
storage.postgresql.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$db
storage.postgresql.user=cpmmss
storage.postgresql.password=cpmmss
events.rabbitmq.uri=amqp://cpmmss:cpmmss@127.0.0.1:$AMQP_PORT/$db
EOF
  fi
  "$CPM_HOME/bin/cpm-mss" --conf "$w/conf" --data "$w/data" >> "$w/server.log" 2>&1 &
  PIDS+=("$!"); NODE_LMTP=$LMTP_PORT; NODE_HTTP=$HTTP_PORT
}

up() {  # wait until every door of the nodes on the given compact bases is open
  local b t0=$SECONDS p
  for b in "$@"; do
    for p in $b $((b + 1)) $((b + 2)) $((b + 3)) $((b + 4)); do
      until cpm_port_open "$p"; do
        for q in "${PIDS[@]}"; do kill -0 "$q" 2>/dev/null || { echo "a node died; see $WORK/*/server.log" >&2; tail -n 40 "$WORK"/*/server.log >&2; FAILED=1; exit 1; }; done
        [ $((SECONDS - t0)) -lt 600 ] || { echo "nodes not up after 600 s" >&2; exit 1; }
        sleep 0.3
      done
    done
  done
}

owners() {  # create the two owners through WebAdmin on port $1
  curl -sf -XPUT "http://127.0.0.1:$1/domains/example.com" >/dev/null
  for u in +33630000001 +33630000002; do
    curl -sf -XPUT -H 'Content-Type: application/json' -d '{"password":"pw"}' "http://127.0.0.1:$1/users/$u@example.com" >/dev/null
  done
}

stop_nodes() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && { wait "$p" 2>/dev/null || true; }; done
  PIDS=()
}

ROWS=()
# measure LABEL "PORT CONNS" ... : the ingest clients at once, N objects in all; CPU of JVMs, PostgreSQL, RabbitMQ
measure() {
  local label="$1"; shift
  local jvms=("${PIDS[@]}") clients=() out=() i=0 spec port conns per
  local j0 p0 r0 t0 t1 objects=0 failed=0 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  j0=$(ticks "${jvms[@]}"); p0=$(ticks $(pg_procs)); r0=$(ticks "$BEAM_PID")
  if [ -n "${JFR_DIR:-}" ] && [ "$round" = "${JFR_ROUND:-$round}" ]; then
    mkdir -p "$JFR_DIR"
    for p in "${jvms[@]}"; do jcmd "$p" JFR.start name=bench settings=profile >/dev/null; done
    j0=$(ticks "${jvms[@]}"); p0=$(ticks $(pg_procs)); r0=$(ticks "$BEAM_PID")
  fi
  t0=$(date +%s.%N)
  for spec in "$@"; do
    read -r port conns <<<"$spec"; per=$(( N / $# / conns ))
    $INGEST "$port" "$conns" "$per" "$label-r$round-$i" > "$WORK/out-$label-$i" &
    clients+=($!); out+=("$WORK/out-$label-$i"); i=$((i + 1))
  done
  for c in "${clients[@]}"; do wait "$c"; done
  t1=$(date +%s.%N)
  local j1 p1 r1; j1=$(ticks "${jvms[@]}"); p1=$(ticks $(pg_procs)); r1=$(ticks "$BEAM_PID")
  if [ -n "${JFR_DIR:-}" ] && [ "$round" = "${JFR_ROUND:-$round}" ]; then
    for p in "${jvms[@]}"; do jcmd "$p" JFR.stop name=bench filename="$JFR_DIR/$label-r$round-$p.jfr" >/dev/null; done
  fi
  for f in "${out[@]}"; do
    objects=$((objects + $(sed -E 's/.* objects=([0-9]+).*/\1/' "$f"))); failed=$((failed + $(sed -E 's/.* failed=([0-9]+).*/\1/' "$f")))
  done
  local lat; lat=$(for f in "${out[@]}"; do sed -E 's/.*(p50=[0-9.]+ms p99=[0-9.]+ms).*/\1/' "$f"; done | paste -sd' ')
  ROWS+=("$(awk -v l="$label" -v r="$round" -v o="$objects" -v f="$failed" -v t0="$t0" -v t1="$t1" -v j="$((j1 - j0))" \
      -v p="$((p1 - p0))" -v q="$((r1 - r0))" -v hz="$HZ" -v load="$load" -v lat="$lat" -v conns="$*" 'BEGIN {
    e = t1 - t0; d = (o > 0 ? o : 1);
    printf "| %s | %s | %s | %d | %d | %.1f | **%.1f** | %.2f | %.2f | %.2f | %s | %s |", l, r, conns, o, f, e, o / e,
      j * 1000 / hz / d, p * 1000 / hz / d, q * 1000 / hz / d, lat, load }')")
  echo "${ROWS[-1]}"
}

warm() { local spec; for spec in "$@"; do $INGEST "$spec" 4 25 "warm-$round-$spec" >/dev/null; done; }

echo "$(date -u +%FT%TZ) $(git -C "$CPM_HOME" rev-parse --short HEAD) objects/scenario=$N load $(cut -d' ' -f1-3 /proc/loadavg) nproc $(nproc)"
for round in $(seq 1 "$ROUNDS"); do
  # embedded store, one node, local event bus
  node "embedded-$round" $((BASE + 30)) embedded; up $((BASE + 30)); owners "$NODE_HTTP"
  warm "$NODE_LMTP"; measure embedded "$NODE_LMTP 8"; stop_nodes

  # PostgreSQL + RabbitMQ, one node
  db="one$round"; psql_admin -c "CREATE DATABASE $db OWNER cpmmss"
  env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" add_vhost "$db" >/dev/null
  env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" set_permissions -p "$db" cpmmss '.*' '.*' '.*' >/dev/null
  node "pg1-$round" $((BASE + 40)) "$db"; up $((BASE + 40)); owners "$NODE_HTTP"
  warm "$NODE_LMTP"; measure pg-1node "$NODE_LMTP 8"; stop_nodes

  # PostgreSQL + RabbitMQ, two nodes on one database, started at once
  db="two$round"; psql_admin -c "CREATE DATABASE $db OWNER cpmmss"
  env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" add_vhost "$db" >/dev/null
  env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" set_permissions -p "$db" cpmmss '.*' '.*' '.*' >/dev/null
  node "pg2a-$round" $((BASE + 10)) "$db"; node "pg2b-$round" $((BASE + 20)) "$db"; up $((BASE + 10)) $((BASE + 20))
  owners $((BASE + 13))
  warm $((BASE + 12)) $((BASE + 22)); measure pg-2nodes "$((BASE + 12)) 4" "$((BASE + 22)) 4"; stop_nodes
done
echo
echo "| store | round | clients (LMTP port, connections) | objects | failed | elapsed s | objects/s | cpm-mss JVM CPU ms/object | PostgreSQL CPU ms/object | RabbitMQ CPU ms/object | latency per client | load (1 min) at start |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo "end load $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Runs the RCS-style sync (RcsSyncScenario, the same code as RcsSyncReplayTest) against Dovecot and against
# cpm-mss, normalises both transcripts (tags, UIDVALIDITY/MODSEQ numbers, human-readable texts, CAPABILITY
# lists) and diffs them. Result: bench/imap-profile/results/{dovecot,cpm-mss}.txt and sync.diff.
#
# Needs root (installs dovecot-imapd with apt-get if missing). Dovecot runs from a temporary directory on
# 127.0.0.1 with a "/" separator; the packaged system service is left stopped. Both servers are stopped at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RESULTS="$HERE/results"
WORK="$(mktemp -d /tmp/imap-profile-bench.XXXXXX)"
DOVECOT_PORT="${DOVECOT_PORT:-11143}"
CPM_IMAP_PORT="${CPM_IMAP_PORT:-21143}"
CPM_HTTP_PORT="${CPM_HTTP_PORT:-28000}"
USER_NAME="alice@example.com"
PASSWORD="secret"
CPM_PID=""

cleanup() {
  if [ -f "$WORK/dovecot/run/master.pid" ]; then
    kill "$(cat "$WORK/dovecot/run/master.pid")" 2>/dev/null || true
  fi
  if [ -n "$CPM_PID" ]; then
    kill "$CPM_PID" 2>/dev/null || true
    wait "$CPM_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "port $1 never opened" >&2; return 1
}

# --- build (classes, test classes with the scenario, runtime classpath)
# through the reactor, no install: classes, test classes (the scenario) and the runtime class path
(cd "$ROOT" && mvn -q -B -o -pl james-extensions -am test-compile dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=target/runtime-classpath.txt)
CP="$ROOT/james-extensions/target/test-classes:$ROOT/james-extensions/target/classes:$(cat "$ROOT/james-extensions/target/runtime-classpath.txt")"

# --- Dovecot on loopback, "/" separator, fs layout (folder names contain dots), plaintext LOGIN allowed
if ! command -v dovecot >/dev/null; then
  apt-get install -y dovecot-imapd >/dev/null
fi
if command -v service >/dev/null; then service dovecot stop >/dev/null 2>&1 || true; fi
mkdir -p "$WORK/dovecot/run" "$WORK/dovecot/home"
chown -R nobody:nogroup "$WORK/dovecot/home"
chmod 755 "$WORK" "$WORK/dovecot"
echo "$USER_NAME:{PLAIN}$PASSWORD" > "$WORK/dovecot/passwd"
cat > "$WORK/dovecot/dovecot.conf" <<CONF
base_dir = $WORK/dovecot/run
state_dir = $WORK/dovecot/state
log_path = $WORK/dovecot/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = $WORK/dovecot/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$WORK/dovecot/home/%u
}
mail_location = maildir:~/Maildir:LAYOUT=fs
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
dovecot -c "$WORK/dovecot/dovecot.conf"
wait_port "$DOVECOT_PORT"

# --- cpm-mss with the shipped conf/ (profile on), on free ports
mkdir -p "$WORK/cpm/conf" "$WORK/cpm/data"
cp "$ROOT"/conf/* "$WORK/cpm/conf/"
sed -i "s|<bind>127.0.0.1:1143</bind>|<bind>127.0.0.1:$CPM_IMAP_PORT</bind>|" "$WORK/cpm/conf/imapserver.xml"
sed -i "s|<bind>127.0.0.1:1025</bind>|<bind>127.0.0.1:$((CPM_IMAP_PORT + 1))</bind>|" "$WORK/cpm/conf/smtpserver.xml"
sed -i "s|<bind>127.0.0.1:1024</bind>|<bind>127.0.0.1:$((CPM_IMAP_PORT + 2))</bind>|" "$WORK/cpm/conf/lmtpserver.xml"
sed -i "s|^port=8000|port=$CPM_HTTP_PORT|" "$WORK/cpm/conf/webadmin.properties"
java -Xmx512m -XX:+UseSerialGC -Dlogback.configurationFile="$WORK/cpm/conf/logback.xml" -cp "$CP" \
  org.cpmmss.james.server.CpmMssMain --conf "$WORK/cpm/conf" --data "$WORK/cpm/data" > "$WORK/cpm/server.log" 2>&1 &
CPM_PID=$!
wait_port "$CPM_IMAP_PORT"
wait_port "$CPM_HTTP_PORT"
curl -sf -X PUT "http://127.0.0.1:$CPM_HTTP_PORT/domains/example.com" >/dev/null
curl -sf -X PUT -H 'Content-Type: application/json' -d "{\"password\":\"$PASSWORD\"}" \
  "http://127.0.0.1:$CPM_HTTP_PORT/users/$USER_NAME" >/dev/null

# --- the same sync against both
mkdir -p "$RESULTS"
java -cp "$CP" org.cpmmss.james.imap.profile.RcsSyncScenario "$DOVECOT_PORT" "$USER_NAME" "$PASSWORD" > "$RESULTS/dovecot.txt"
java -cp "$CP" org.cpmmss.james.imap.profile.RcsSyncScenario "$CPM_IMAP_PORT" "$USER_NAME" "$PASSWORD" > "$RESULTS/cpm-mss.txt"
if diff -u "$RESULTS/dovecot.txt" "$RESULTS/cpm-mss.txt" > "$RESULTS/sync.diff"; then
  echo "same answers (after normalisation)"
else
  echo "differences: $RESULTS/sync.diff"
  cat "$RESULTS/sync.diff"
fi

#!/usr/bin/env bash
# Release-archive acceptance (issue 28), run by .ci/run after the test suite:
#  1. `mvn -B package` builds distribution/target/cpm-mss-VERSION.tar.gz and its .sha256; the checksum verifies;
#     every jar in lib/ is listed in THIRD-PARTY.txt; `systemd-analyze verify` passes on the shipped unit.
#  2. The archive is unpacked into an empty directory and started from there with a fresh data directory and a
#     PATH holding `java` and the shell tools bin/cpm-mss uses (no Maven, no source), its working directory the
#     installation itself; `bin/cpm-mss --version` prints the pom's version, /metrics shows it.
#  3. An object stored over LMTP is read over IMAP; SIGTERM stops the server with exit status 0.
#  4. Upgrade as docs/operator-guide.md describes it: stop, unpack the (next) archive beside the old one, switch the
#     /opt-style symlink, start with the same data directory: the object is still there, exit 0 again.
#  5. Nothing was written inside either installation directory (a listing of paths, sizes, times, modes before
#     and after is compared).
# Usage: bench/release/acceptance.sh    (MVN_ARGS=-o to build offline; PORT_BASE, default 37000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT_BASE="${PORT_BASE:-37000}"
WORK="$(mktemp -d /tmp/cpm-release-XXXXXX)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill -KILL "$SERVER"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { echo "== $(date -u +%H:%M:%S) $*"; }
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -40 "$WORK/server.log" >&2; exit 1; }
T0=$(date +%s)

step "build: mvn -B ${MVN_ARGS:-} -q -DskipTests package"
(cd "$ROOT" && mvn -B ${MVN_ARGS:-} -q -DskipTests package)
VERSION="$(cd "$ROOT" && sed -n 's#^    <version>\(.*\)</version>#\1#p' pom.xml | head -1)"
ARCHIVE="$ROOT/distribution/target/cpm-mss-$VERSION.tar.gz"
[ -f "$ARCHIVE" ] || fail "no $ARCHIVE"
(cd "$(dirname "$ARCHIVE")" && sha256sum -c "$(basename "$ARCHIVE").sha256") || fail "checksum"
echo "archive: $(basename "$ARCHIVE") $(du -h "$ARCHIVE" | cut -f1)"

step "unpack into an empty directory"
OPT="$WORK/opt"
mkdir -p "$OPT"
tar xzf "$ARCHIVE" -C "$OPT"
INST="$OPT/cpm-mss-$VERSION"
ln -s "cpm-mss-$VERSION" "$OPT/cpm-mss"
for d in bin lib conf docs systemd; do [ -d "$INST/$d" ] || fail "no $d/ in the archive"; done
for f in LICENSE NOTICE THIRD-PARTY.txt README.md docs/openapi.yaml docs/operator-guide.md systemd/cpm-mss.service; do
  [ -f "$INST/$f" ] || fail "no $f in the archive"
done
[ -x "$INST/bin/cpm-mss" ] || fail "bin/cpm-mss is not executable"
for jar in "$INST"/lib/*.jar; do
  name="$(basename "$jar")"
  case "$name" in james-extensions-*|cpm-recording-mailets-*) continue ;; esac
  grep -qx "$name" "$INST/THIRD-PARTY.txt" || fail "$name is not listed in THIRD-PARTY.txt (run distribution/third-party-licences.py)"
done
diff <(ls "$INST/lib") <( { tr ':' '\n' < "$ROOT/james-extensions/target/runtime-classpath.txt" | xargs -n1 basename; \
  echo "james-extensions-$VERSION.jar"; } | sort) || fail "lib/ differs from james-extensions' runtime classpath (above)"
echo "lib/: $(ls "$INST"/lib/*.jar | wc -l) jars = the source checkout's runtime classpath; each third-party one in THIRD-PARTY.txt"

step "systemd-analyze verify on the shipped unit"
if command -v systemd-analyze >/dev/null; then
  # the unit as shipped, its paths pointed at this unpacked installation (verify checks that ExecStart exists)
  mkdir -p "$WORK/unit"
  sed -e "s#/opt/cpm-mss#$OPT/cpm-mss#g" "$INST/systemd/cpm-mss.service" > "$WORK/unit/cpm-mss.service"
  systemd-analyze verify "$WORK/unit/cpm-mss.service" 2>&1 | tee "$WORK/verify.txt"
  # verify prints only problems; a missing user (cpm-mss is created at installation) is not one of its checks
  [ ! -s "$WORK/verify.txt" ] || fail "systemd-analyze verify reported problems"
  echo "systemd-analyze verify: no problem reported"
else
  fail "systemd-analyze missing (Debian package systemd)"
fi

# only java and the shell tools bin/cpm-mss calls: no mvn, no source
TOOLS="$WORK/tools"
mkdir -p "$TOOLS"
ln -s "$(readlink -f "$(command -v java)")" "$TOOLS/java"
for t in bash ls head readlink find cksum cut mkdir dirname cat; do ln -s "$(command -v $t)" "$TOOLS/$t"; done
run_env() { env -i PATH="$TOOLS" HOME="$WORK/home" LANG=C.UTF-8 "$@"; }
mkdir -p "$WORK/home"
run_env bash -c 'command -v mvn' && fail "mvn reachable on the restricted PATH"

# the configuration as an operator installs it (/etc/cpm-mss), on this run's ports
CONF="$WORK/etc"
cp -r "$INST/conf" "$CONF"
IMAP=$((PORT_BASE + 43)); SMTP=$((PORT_BASE + 25)); LMTP=$((PORT_BASE + 24)); HTTP=$((PORT_BASE + 80)); SIP=$((PORT_BASE + 62))
sed -i "s/127.0.0.1:1143/127.0.0.1:$IMAP/" "$CONF/imapserver.xml"
sed -i "s/127.0.0.1:1025/127.0.0.1:$SMTP/" "$CONF/smtpserver.xml"
sed -i "s/127.0.0.1:1024/127.0.0.1:$LMTP/" "$CONF/lmtpserver.xml"
sed -i "s/^port=8000/port=$HTTP/" "$CONF/webadmin.properties"
sed -i "s/^sip.bind=127.0.0.1:5062/sip.bind=127.0.0.1:$SIP/" "$CONF/sipserver.properties"
DATA="$WORK/data"

listing() { (cd "$OPT" && find -L . -printf '%p %s %T@ %m\n' | sort); }
unchanged() {
  listing > "$WORK/after.txt"
  diff "$WORK/before.txt" "$WORK/after.txt" || fail "files changed inside the installation (above)"
  echo "nothing written inside the installation ($(wc -l < "$WORK/after.txt") paths compared)"
}
listing > "$WORK/before.txt"

step "bin/cpm-mss --version"
GOT="$(cd "$OPT/cpm-mss" && run_env "$OPT/cpm-mss/bin/cpm-mss" --version)"
[ "$GOT" = "cpm-mss $VERSION" ] || fail "--version printed '$GOT', expected 'cpm-mss $VERSION'"
echo "$GOT"

start() {
  (cd "$OPT/cpm-mss" && exec env -i PATH="$TOOLS" HOME="$WORK/home" LANG=C.UTF-8 \
     "$OPT/cpm-mss/bin/cpm-mss" --conf "$CONF" --data "$DATA") >> "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP/healthcheck" && return 0
    kill -0 "$SERVER" 2>/dev/null || fail "the server exited during start"
    sleep 0.5
  done
  fail "no healthy server after 120 s"
}
stop() {
  kill -TERM "$SERVER"
  local rc=0
  wait "$SERVER" || rc=$?
  SERVER=""
  [ "$rc" = 0 ] || fail "exit status $rc after SIGTERM (expected 0)"
  echo "SIGTERM: exit status 0"
}

step "start from the archive (fresh data directory, cwd = the installation)"
start
grep -q "cpm-mss $VERSION starting" "$WORK/server.log" || fail "the start log does not name the version"
curl -sf "http://127.0.0.1:$HTTP/metrics" | grep -x "cpm_build_info{version=\"$VERSION\"} 1" \
  || fail "/metrics has no cpm_build_info for $VERSION"
curl -sf -o /dev/null "http://127.0.0.1:$HTTP/cpm/v1/openapi.yaml" || fail "GET /cpm/v1/openapi.yaml"
curl -sf -XPUT "http://127.0.0.1:$HTTP/domains/example.com"
curl -sf -XPUT "http://127.0.0.1:$HTTP/users/+33612345678@example.com" -H 'Content-Type: application/json' -d '{"password":"secret"}'

step "LMTP store, IMAP read"
python3 "$ROOT/bench/release/cpm_client.py" lmtp 127.0.0.1 "$LMTP" +33612345678@example.com +33640332859 rel-1 archivezebra
python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret archivezebra
step "SIGTERM"
stop
ls "$DATA"/cache/cpm-mss-cds-*.jsa >/dev/null 2>&1 || fail "no class-data archive in $DATA/cache"
echo "class-data archive: $(ls "$DATA"/cache)"
unchanged

step "upgrade: unpack beside the old version, switch the symlink, start on the same data directory"
NEXT="$OPT/cpm-mss-$VERSION-next"
mkdir "$NEXT"
tar xzf "$ARCHIVE" -C "$NEXT" --strip-components=1
ln -sfn "cpm-mss-$VERSION-next" "$OPT/cpm-mss"
listing > "$WORK/before.txt"
start
python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret archivezebra
python3 "$ROOT/bench/release/cpm_client.py" lmtp 127.0.0.1 "$LMTP" +33612345678@example.com +33640332859 rel-2 upgradedzebra
python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret upgradedzebra
stop
echo "class-data archive after the upgrade: $(ls "$DATA"/cache)"

unchanged
echo "PASS in $(( $(date +%s) - T0 )) s"

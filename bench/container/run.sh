#!/usr/bin/env bash
# Builds the cpm-mss image from the release archive (docker/Dockerfile), starts it with its ports published on the
# host's loopback, ingests one CPM object over LMTP and one over HTTP(S) through the published ports, reads both
# back over IMAP (STARTTLS; a cleartext LOGIN must be refused), checks GET /cpm/v1/openapi.yaml, stops it with
# SIGTERM (exit status 0), starts it again on the same volume and reads the objects again.
#   bench/container/run.sh        (root; podman. MVN_ARGS=-o builds offline; PORT_BASE, default 37200)
# BASE_IMAGE: the image to build on (default eclipse-temurin:17-jre when a registry answers, else
# localhost/cpm-base:bookworm-jre17, made by bench/container/debootstrap-base.sh when absent).
# Output of a run on the development machine: docs/release-checks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINE="${ENGINE:-podman}"
P="${PORT_BASE:-37200}"
IMAP=$((P + 43)); SMTP=$((P + 25)); LMTP=$((P + 24)); HTTP=$((P + 80)); SIP=$((P + 62))
NAME="cpm-mss-bench-$$"
VOLUME="cpm-mss-bench-data-$$"
TOKEN="pfBenchToken0123456789"
step() { echo "== $(date -u +%H:%M:%S) $*"; }
cleanup() {
  "$ENGINE" rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
  "$ENGINE" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; "$ENGINE" logs --tail 40 "$NAME" >&2 || true; exit 1; }

# This machine's container host: cgroups v1 with a controller in the v2 hierarchy too ("hybrid"), which crun refuses
# (runc accepts it), and a process that may not raise its rlimits (podman's defaults raise nofile and nproc).
ENGINE_OPTS=()
if [ "$ENGINE" = podman ] && [ -d /sys/fs/cgroup/unified ] && command -v runc >/dev/null; then ENGINE_OPTS+=(--runtime runc); fi
LIMITS=(--ulimit nofile=16384:16384 --ulimit nproc=4096:4096)

step "release archive"
(cd "$ROOT" && mvn -B ${MVN_ARGS:-} -q -DskipTests package)
VERSION="$(sed -n 's#^    <version>\(.*\)</version>#\1#p' "$ROOT/pom.xml" | head -1)"
ls -l "$ROOT/distribution/target/cpm-mss-$VERSION.tar.gz"

if [ -z "${BASE_IMAGE:-}" ]; then
  if "$ENGINE" pull -q docker.io/library/eclipse-temurin:17-jre >/dev/null 2>&1; then
    BASE_IMAGE=docker.io/library/eclipse-temurin:17-jre
  else
    BASE_IMAGE=localhost/cpm-base:bookworm-jre17
    "$ENGINE" image exists "$BASE_IMAGE" || "$ROOT/bench/container/debootstrap-base.sh" "$BASE_IMAGE"
  fi
fi
step "build on $BASE_IMAGE"
"$ENGINE" "${ENGINE_OPTS[@]}" build --format docker "${LIMITS[@]}" -f "$ROOT/docker/Dockerfile" \
  --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg CPM_VERSION="$VERSION" -t "cpm-mss:$VERSION" "$ROOT" 2>&1 | tail -5
"$ENGINE" image ls "cpm-mss:$VERSION"

start() {
  "$ENGINE" "${ENGINE_OPTS[@]}" run -d --name "$NAME" "${LIMITS[@]}" --stop-timeout 300 \
    -p 127.0.0.1:$IMAP:1143 -p 127.0.0.1:$SMTP:1025 -p 127.0.0.1:$LMTP:1024 -p 127.0.0.1:$HTTP:8000 \
    -p 127.0.0.1:$SIP:5062/tcp -p 127.0.0.1:$SIP:5062/udp \
    -e CPM_HTTP_TOKENS="$TOKEN:pf" -v "$VOLUME:/data" "cpm-mss:$VERSION" >/dev/null
  for _ in $(seq 1 240); do
    curl -sfk -o /dev/null "https://127.0.0.1:$HTTP/healthcheck" && return 0
    [ "$("$ENGINE" inspect -f '{{.State.Running}}' "$NAME")" = true ] || fail "the container exited during start"
    sleep 0.5
  done
  fail "no healthy server after 120 s"
}
stop() {
  "$ENGINE" "${ENGINE_OPTS[@]}" stop -t 300 "$NAME" >/dev/null
  local rc
  rc="$("$ENGINE" inspect -f '{{.State.ExitCode}}' "$NAME")"
  [ "$rc" = 0 ] || fail "exit status $rc after SIGTERM (expected 0)"
  echo "stopped (SIGTERM): exit status 0"
  "$ENGINE" logs "$NAME" 2>&1 | grep -E "cpm-mss: |starting|stopped cleanly" | sed 's/^/  log: /'
  "$ENGINE" rm "$NAME" >/dev/null
}

step "start (volume $VOLUME, ports on 127.0.0.1: IMAP $IMAP, LMTP $LMTP, SMTP $SMTP, HTTPS $HTTP, SIP $SIP)"
start
echo "healthy; HEALTHCHECK: $("$ENGINE" inspect -f '{{.Config.Healthcheck.Test}}' "$NAME")"
code="$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$HTTP/cpm/v1/openapi.yaml")"
[ "$code" = 200 ] || fail "GET /cpm/v1/openapi.yaml answered $code"
echo "GET https://127.0.0.1:$HTTP/cpm/v1/openapi.yaml: 200"
code="$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$HTTP/domains")"
[ "$code" = 401 ] || fail "GET /domains without a JWT answered $code (expected 401)"
echo "GET https://127.0.0.1:$HTTP/domains without a JWT: 401"
"$ENGINE" exec "$NAME" cpm-mss-admin add-domain example.com
echo secret | "$ENGINE" exec -i "$NAME" cpm-mss-admin add-user +33612345678@example.com

step "ingest through the published ports"
python3 "$ROOT/bench/release/cpm_client.py" lmtp 127.0.0.1 "$LMTP" +33612345678@example.com +33640332859 ctr-lmtp-1 containerlmtpzebra
python3 "$ROOT/bench/release/cpm_client.py" http "https://127.0.0.1:$HTTP/cpm/v1" "$TOKEN" +33612345678@example.com +33640332859 ctr-http-1 containerhttpzebra
step "read back over IMAP (STARTTLS)"
python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret containerlmtpzebra starttls
python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret containerhttpzebra starttls
if python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret containerlmtpzebra >/dev/null 2>&1; then
  fail "a cleartext LOGIN (no STARTTLS) through the published port was accepted"
fi
echo "cleartext LOGIN without STARTTLS: refused"
"$ENGINE" exec "$NAME" cpm-mss-admin health | tail -1

step "stop, start again on the same volume"
stop
start
python3 "$ROOT/bench/release/cpm_client.py" imap 127.0.0.1 "$IMAP" +33612345678@example.com secret containerhttpzebra starttls
stop
echo "PASS"

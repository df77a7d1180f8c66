#!/usr/bin/env bash
# imaptest's stress mode with state checking against Dovecot and cpm-mss, same mbox, same seed, one after the
# other (issue 21; results in docs/benchmarks.md, "IMAP session state under concurrency").
#
#   bench/imap-concurrency/run.sh SECS [CPM_PORT] [CPM_USER] [DOVECOT_PORT] [DOVECOT_USER]
#
# Needs an imaptest binary built by hand from its public source (github dovecot/imaptest, branch release-2.3;
# nothing here builds it): IMAPTEST (default /work/tools/imaptest/src/imaptest), with LD_LIBRARY_PATH pointing at
# Dovecot's libraries (default /usr/lib/dovecot). cpm-mss must run with the domain and user created (README.md);
# Dovecot accepts any user with password "pass". Results go to bench/imap-concurrency/results/.
set -euo pipefail
SECS="${1:?seconds}"
CPM_PORT="${2:-1143}"
CPM_USER="${3:-testuser@example.com}"
DOVECOT_PORT="${4:-10143}"
DOVECOT_USER="${5:-conc-testuser}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IMAPTEST="${IMAPTEST:-/work/tools/imaptest/src/imaptest}"
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-/usr/lib/dovecot}"
OUT="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)-${SECS}s"
mkdir -p "$OUT"
MBOX="$OUT/stress.mbox"
python3 "$HERE/make-mbox.py" "$MBOX" 200

run() { # name port user
  "$IMAPTEST" host=127.0.0.1 port="$2" user="$3" pass=pass mbox="$MBOX" clients=5 secs="$SECS" seed=123 \
    > "$OUT/$1.txt" 2>&1 || true
  echo "== $1"
  python3 "$HERE/error-kinds.py" "$OUT/$1.txt"
  tail -3 "$OUT/$1.txt"
}
run dovecot "$DOVECOT_PORT" "$DOVECOT_USER" | tee "$OUT/summary.txt"
run cpm-mss "$CPM_PORT" "$CPM_USER" | tee -a "$OUT/summary.txt"
rm -f "$MBOX"

#!/usr/bin/env bash
# Issue 21: unmodified Python imaplib, sequential 1 KiB APPEND, against a Dovecot 2.3 started here and against
# cpm-mss checkouts, in one run (bench/imap-core/append_imaplib.py). Prints a Markdown table.
#
#   bench/imap-core/append-imaplib.sh [CHECKOUT ...]     default CHECKOUT: this checkout
#   e.g. bench/imap-core/append-imaplib.sh /tmp/main-snapshot .    (before and after in the same run)
#   A CHECKOUT may carry extra JVM options: "$PWD::-Dcpm.imap.quickack=false" (quick ACK off, for the A/B)
#
# Each CHECKOUT must be built (mvn -B -o -q -DskipTests package). Environment: MESSAGES (300), WARMUP (300),
# ROUNDS (3), IMAP_CORE_PORT_BASE (31000: cpm-mss IMAP on +43, Dovecot on +44). Needs root (Dovecot drops to
# nobody) and dovecot-imapd installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v dovecot >/dev/null || { echo "Dovecot is not installed: apt-get install dovecot-imapd" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (Dovecot drops privileges to nobody)" >&2; exit 2; }
[ $# -gt 0 ] || set -- "$ROOT"
for spec in "$@"; do
  checkout="${spec%%::*}"
  [ -f "$checkout/james-extensions/target/runtime-classpath.txt" ] || { echo "$checkout is not built" >&2; exit 2; }
done
WORK="$(mktemp -d /tmp/cpm-imap-core-XXXXXX)"
echo "append-imaplib: work directory $WORK, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$ROOT/bench/imap-core/append_imaplib.py" --work "$WORK" --messages "${MESSAGES:-300}" \
  --warmup "${WARMUP:-300}" --rounds "${ROUNDS:-3}" "$@"
echo "append-imaplib: load average at end $(cut -d' ' -f1-3 /proc/loadavg)" >&2

#!/usr/bin/env bash
# Interop with real IMAP clients (Debian packages): curl (imap://), mbsync (isync) and interimap (QRESYNC).
#
#   bench/interop/run.sh [curl] [mbsync] [interimap]     (default: all three)
#
# Starts cpm-mss from this checkout on free loopback ports with a temporary data directory, imports the
# recorded conversation fixtures/recorded-conversation.jsonl (a 1-1 chat with ticks and a file transfer,
# a group chat with Group State Objects and an OMA file-transfer history) with `bin/cpm-mss admin import`,
# then lets each client sync it and checks what the client got: the folders, every object byte for byte
# (line ends normalised where the client stores LF), \Seen, and an incremental change. Needs root only to
# apt-get install missing clients. Exit 0 = every selected client synced correctly. Results and logs in
# bench/interop/results/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RESULTS="$HERE/results"
mkdir -p "$RESULTS"
CLIENTS=("$@")
[ ${#CLIENTS[@]} -gt 0 ] || CLIENTS=(curl mbsync interimap)

need=()
for c in "${CLIENTS[@]}"; do
  case "$c" in
    curl) command -v curl >/dev/null || need+=(curl) ;;
    mbsync) command -v mbsync >/dev/null || need+=(isync) ;;
    interimap) command -v interimap >/dev/null || need+=(interimap); [ -x /usr/lib/dovecot/imap ] || need+=(dovecot-imapd) ;;
    *) echo "unknown client $c" >&2; exit 2 ;;
  esac
done
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
  systemctl stop dovecot 2>/dev/null || service dovecot stop 2>/dev/null || true
fi

T="$(mktemp -d /tmp/cpm-interop.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
IMAP=$(free_port); SMTP=$(free_port); LMTP=$(free_port); HTTP=$(free_port)
cp -r "$ROOT/conf" "$T/conf"
sed -i "s#127.0.0.1:1143#127.0.0.1:$IMAP#" "$T/conf/imapserver.xml"
sed -i "s#127.0.0.1:1025#127.0.0.1:$SMTP#" "$T/conf/smtpserver.xml"
sed -i "s#127.0.0.1:1024#127.0.0.1:$LMTP#" "$T/conf/lmtpserver.xml"
sed -i "s#^port=8000#port=$HTTP#" "$T/conf/webadmin.properties"

# build through the reactor (no install): classes and the runtime class path bin/cpm-mss reads
[ -f "$ROOT/james-extensions/target/runtime-classpath.txt" ] || (cd "$ROOT" && mvn -q -B -o -pl james-extensions -am \
  compile dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt)
"$ROOT/bin/cpm-mss" --conf "$T/conf" --data "$T/data" > "$RESULTS/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HTTP/healthcheck" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$HTTP/healthcheck" >/dev/null || { echo "server did not become healthy, see $RESULTS/server.log" >&2; exit 1; }

ADMIN=("$ROOT/bin/cpm-mss" admin --url "http://127.0.0.1:$HTTP")
USER_ADDR=alice@example.com
PASS=secret
"${ADMIN[@]}" add-domain example.com >/dev/null
"${ADMIN[@]}" add-user "$USER_ADDR" "$PASS" >/dev/null
"${ADMIN[@]}" import "$USER_ADDR" "$HERE/fixtures/recorded-conversation.jsonl"

# expected/<folder with / as __>/<n>.eml, in UID order; expected/<folder>/seen = indexes with \Seen
python3 - "$HERE/fixtures/recorded-conversation.jsonl" "$T/expected" <<'PY'
import base64, json, os, sys
out = sys.argv[2]
counters = {}
for line in open(sys.argv[1]):
    node = json.loads(line)
    if node["type"] != "message":
        continue
    folder = node["folder"].replace("/", "__")
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    n = counters.get(folder, 0) + 1
    counters[folder] = n
    with open(os.path.join(out, folder, "%d.eml" % n), "wb") as f:
        f.write(base64.b64decode(node["raw"]))
    if "\\Seen" in node["flags"]:
        with open(os.path.join(out, folder, "seen"), "a") as f:
            f.write("%d\n" % n)
PY

FAILED=0
report() { echo "$1: $2" | tee -a "$RESULTS/summary.txt"; }
: > "$RESULTS/summary.txt"

run_curl() {
  local base="imap://127.0.0.1:$IMAP" auth=(--user "$USER_ADDR:$PASS" -s --max-time 30)
  local list; list=$(curl "${auth[@]}" "$base/" -X 'LIST "" "Default/*"')
  echo "$list" > "$RESULTS/curl-list.txt"
  grep -q 'Default/tel:+33640332859' <<<"$list" && grep -q 'Default/conv-g1/contrib-g1' <<<"$list" || { report curl "LIST misses a conversation"; return 1; }
  local folder
  for folder in "Default/tel:+33640332859" "Default/conv-g1/contrib-g1"; do
    local enc; enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$folder")
    local dir="$T/expected/${folder//\//__}" count; count=$(ls "$dir"/*.eml | wc -l)
    local search; search=$(curl "${auth[@]}" "$base/$enc?ALL")
    [ "$(tr -d '\r' <<<"$search")" = "* SEARCH $(seq -s ' ' 1 "$count")" ] || { report curl "SEARCH ALL in $folder answered: $search"; return 1; }
    local n
    for n in $(seq 1 "$count"); do
      curl "${auth[@]}" "$base/$enc;UID=$n" -o "$T/curl-$n.eml"
      cmp -s "$T/curl-$n.eml" "$dir/$n.eml" || { report curl "UID $n of $folder differs from the stored object"; return 1; }
      # curl fetches BODY[] (not PEEK), which sets \Seen: put the flag back for the next clients
      grep -qx "$n" "$dir/seen" 2>/dev/null || curl "${auth[@]}" "$base/$enc" -X "UID STORE $n -FLAGS (\\Seen)" >/dev/null
    done
  done
  report curl "OK — LIST, SEARCH and every object byte for byte (curl $(curl --version | head -1 | cut -d' ' -f2))"
}

# compare a Maildir folder with expected/: same number of messages, same bodies (LF), same \Seen count
check_maildir() {
  local client="$1" maildir="$2" folder="$3"
  python3 - "$maildir" "$T/expected/${folder//\//__}" "$client" "$folder" <<'PY'
import os, sys
maildir, expected, client, folder = sys.argv[1:5]
files = []
for sub in ("cur", "new"):
    d = os.path.join(maildir, sub)
    if os.path.isdir(d):
        files += [os.path.join(d, f) for f in os.listdir(d)]
import re
# mbsync adds an X-TUID header to its local copies (its own tracking id); nothing else may differ
got = sorted(re.sub(rb"(?m)^X-TUID: [^\n]*\n", b"", open(f, "rb").read().replace(b"\r\n", b"\n"), count=1) for f in files)
want_files = sorted(f for f in os.listdir(expected) if f.endswith(".eml"))
want = sorted(open(os.path.join(expected, f), "rb").read().replace(b"\r\n", b"\n") for f in want_files)
if got != want:
    print("%s: %s: %d objects synced, %d expected, or bodies differ" % (client, folder, len(got), len(want)))
    sys.exit(1)
seen_expected = len(open(os.path.join(expected, "seen")).read().split()) if os.path.exists(os.path.join(expected, "seen")) else 0
seen = sum(1 for f in files if ":2," in f and "S" in f.split(":2,")[1])
if seen != seen_expected:
    print("%s: %s: %d seen, %d expected" % (client, folder, seen, seen_expected))
    sys.exit(1)
PY
}

run_mbsync() {
  local home="$T/mbsync"; mkdir -p "$home/Maildir"
  cat > "$home/mbsyncrc" <<CFG
IMAPAccount cpm
Host 127.0.0.1
Port $IMAP
User $USER_ADDR
Pass $PASS
TLSType None
AuthMechs LOGIN

IMAPStore cpm-remote
Account cpm

MaildirStore cpm-local
Path $home/Maildir/
Inbox $home/Maildir/INBOX
SubFolders Verbatim

Channel cpm
Far :cpm-remote:
Near :cpm-local:
Patterns Default/*
Create Near
Sync All
SyncState *
CFG
  # isync < 1.5 spells TLSType as SSLType
  mbsync -V -c "$home/mbsyncrc" cpm > "$RESULTS/mbsync-1.log" 2>&1 || {
    sed -i 's/^TLSType None/SSLType None/' "$home/mbsyncrc"
    mbsync -V -c "$home/mbsyncrc" cpm > "$RESULTS/mbsync-1.log" 2>&1 || { report mbsync "first sync failed (see results/mbsync-1.log)"; return 1; }
  }
  local folder
  for folder in "Default/tel:+33640332859" "Default/conv-g1/contrib-g1"; do
    check_maildir mbsync "$home/Maildir/$folder" "$folder" || { report mbsync "full sync of $folder is wrong"; return 1; }
  done
  # incremental: another device marks UID 4 (the file transfer) seen; the next mbsync run carries it over
  curl -s --max-time 30 --user "$USER_ADDR:$PASS" "imap://127.0.0.1:$IMAP/Default%2Ftel%3A%2B33640332859" -X 'UID STORE 4 +FLAGS (\Seen)' >/dev/null
  mbsync -V -c "$home/mbsyncrc" cpm > "$RESULTS/mbsync-2.log" 2>&1 || { report mbsync "second sync failed"; return 1; }
  local seen; seen=$(ls "$home/Maildir/Default/tel:+33640332859/cur" | grep -c ':2,[A-Z]*S' || true)
  [ "$seen" = "$(( $(wc -l < "$T/expected/Default__tel:+33640332859/seen") + 1 ))" ] || { report mbsync "incremental \\Seen not synced ($seen seen)"; return 1; }
  curl -s --max-time 30 --user "$USER_ADDR:$PASS" "imap://127.0.0.1:$IMAP/Default%2Ftel%3A%2B33640332859" -X 'UID STORE 4 -FLAGS (\Seen)' >/dev/null
  report mbsync "OK — full pull of both conversations (bodies, \\Seen) and an incremental flag change ($(mbsync --version 2>&1 | head -1))"
}

run_interimap() {
  local home="$T/interimap"; mkdir -p "$home/mail" "$home/xdg/interimap"
  # Dovecot never gives mail access to root: as root, the local side runs as nobody
  local iuser; iuser=$(id -un); local as=()
  if [ "$(id -u)" = 0 ]; then iuser=nobody; as=(runuser -u nobody --); chmod 755 "$T"; fi
  cat > "$home/dovecot.conf" <<CFG
mail_location = maildir:$home/mail:LAYOUT=fs
mail_home = $home/mail
namespace inbox {
  inbox = yes
  separator = /
}
log_path = $home/dovecot.log
mail_uid = $(id -u "$iuser")
mail_gid = $(id -g "$iuser")
first_valid_uid = 0
first_valid_gid = 0
CFG
  # Dovecot's imap refuses a socket on stdin ("must not be started from inetd"): interimap's tunnel is a
  # socketpair, so the command reads and writes through pipes (cat).
  cat > "$home/xdg/interimap/config" <<CFG
list-mailbox = "Default/*"
list-select-opts =
[local]
type = tunnel
command = sh -c 'cat | env USER=$iuser /usr/lib/dovecot/imap -c $home/dovecot.conf | cat'
[remote]
type = imap
host = 127.0.0.1
port = $IMAP
STARTTLS = NO
username = $USER_ADDR
password = $PASS
CFG
  [ ${#as[@]} -eq 0 ] || chown -R nobody "$home"
  local sync=(timeout "${INTERIMAP_TIMEOUT:-180}" "${as[@]}" env XDG_CONFIG_HOME="$home/xdg" XDG_DATA_HOME="$home/xdg" interimap --debug)
  local folders=("Default/conv-g1/contrib-g1" "Default/tel:+33640332859") mode="one run for all folders"
  if ! "${sync[@]}" > "$RESULTS/interimap-1.log" 2>&1; then
    if grep -q 'S: \* OK \[CLOSED\]$' "$RESULTS/interimap-1.log"; then
      # Known issue: James answers a SELECT that closes another mailbox with "* OK [CLOSED]" and no text;
      # RFC 3501's resp-text needs text after the code and interimap's parser insists. Sync one folder
      # per run (one SELECT per connection) until the IMAP profile adds the text.
      report interimap "KNOWN ISSUE: '* OK [CLOSED]' without text breaks interimap's multi-folder run; syncing one folder per run"
      mode="one run per folder (see KNOWN ISSUE)"
      rm -rf "$home/mail" "$home/xdg/interimap/remote.db" "$home/xdg/interimap/"*.db 2>/dev/null; mkdir -p "$home/mail"
      [ ${#as[@]} -eq 0 ] || chown -R nobody "$home"
      local f
      for f in "${folders[@]}"; do
        "${sync[@]}" "$f" >> "$RESULTS/interimap-1.log" 2>&1 || { report interimap "sync of $f failed (see results/interimap-1.log)"; return 1; }
      done
    else
      report interimap "first sync failed (see results/interimap-1.log)"; return 1
    fi
  fi
  local folder
  for folder in "${folders[@]}"; do
    check_maildir interimap "$home/mail/$folder" "$folder" || { report interimap "sync of $folder is wrong"; return 1; }
  done
  # incremental with QRESYNC: flag change and expunge on the server, then sync that folder again
  local enc="Default%2Ftel%3A%2B33640332859" auth=(-s --max-time 30 --user "$USER_ADDR:$PASS")
  curl "${auth[@]}" "imap://127.0.0.1:$IMAP/$enc" -X 'UID STORE 4 +FLAGS (\Seen $displayed)' >/dev/null
  curl "${auth[@]}" "imap://127.0.0.1:$IMAP/$enc" -X 'UID STORE 6 +FLAGS (\Deleted)' >/dev/null
  curl "${auth[@]}" "imap://127.0.0.1:$IMAP/$enc" -X 'EXPUNGE' >/dev/null
  "${sync[@]}" "Default/tel:+33640332859" > "$RESULTS/interimap-2.log" 2>&1 \
    || { report interimap "second sync failed (see results/interimap-2.log)"; return 1; }
  grep -q 'QRESYNC (' "$RESULTS/interimap-2.log" || { report interimap "no SELECT ... (QRESYNC ...) in the second sync"; return 1; }
  local dir="$home/mail/Default/tel:+33640332859"
  local count; count=$(ls "$dir/cur" "$dir/new" 2>/dev/null | grep -c '^[0-9]' || true)
  [ "$count" = "$(( $(ls "$T/expected/Default__tel:+33640332859/"*.eml | wc -l) - 1 ))" ] || { report interimap "expunge not synced ($count objects)"; return 1; }
  # the flag change of UID 4 (the file transfer, 1085 bytes) must reach the local copy
  if ! ls "$dir/cur" | grep -q ',S=1085,.*:2,[a-zA-Z]*S'; then
    if ! grep -q 'FETCH (UID 4 ' "$RESULTS/interimap-2.log"; then
      report interimap "FAIL: SELECT ... (QRESYNC ...) sent no FETCH for the message whose flags changed (RFC 7162 3.2.5.2, see ProfileImapProcessor), so the flag change was not synced"
    else
      report interimap "FAIL: flag change of UID 4 not applied locally"
    fi
    return 1
  fi
  # the other way: a device changes flags in its local copy (IMDN-Message-ID Msg4, UID 5 on the server: \Flagged set,
  # \Seen cleared); the next interimap run must carry both to the server
  printf 'a SELECT "Default/tel:+33640332859"\r\nb SEARCH RETURN (SAVE) HEADER IMDN-Message-ID Msg4\r\nc STORE $ +FLAGS.SILENT (\\Flagged)\r\nd STORE $ -FLAGS.SILENT (\\Seen)\r\ne LOGOUT\r\n' \
    | "${as[@]}" sh -c "env USER=$iuser /usr/lib/dovecot/imap -c $home/dovecot.conf | cat" > "$RESULTS/interimap-local-store.log" 2>&1
  grep -q '^d OK' "$RESULTS/interimap-local-store.log" || { report interimap "could not change flags in the local copy (see results/interimap-local-store.log)"; return 1; }
  "${sync[@]}" "Default/tel:+33640332859" > "$RESULTS/interimap-3.log" 2>&1 \
    || { report interimap "third sync failed (see results/interimap-3.log)"; return 1; }
  local remote; remote=$(curl "${auth[@]}" "imap://127.0.0.1:$IMAP/$enc" -X 'UID FETCH 5 (FLAGS)' | tr -d '\r' | grep 'FETCH (' || true)
  echo "$remote" > "$RESULTS/interimap-remote-flags.txt"
  grep -q 'FLAGS (.*\\Flagged' <<<"$remote" && ! grep -q '\\Seen' <<<"$remote" \
    || { report interimap "FAIL: local flag change not synced to the server (UID 5 answered: $remote)"; return 1; }
  # and the server's view did not bounce back: the local copy keeps \Flagged without \Seen 
  printf 'a EXAMINE "Default/tel:+33640332859"\r\nb SEARCH RETURN (SAVE) HEADER IMDN-Message-ID Msg4\r\nc FETCH $ (FLAGS)\r\nd LOGOUT\r\n' \
    | "${as[@]}" sh -c "env USER=$iuser /usr/lib/dovecot/imap -c $home/dovecot.conf | cat" > "$RESULTS/interimap-local-flags.log" 2>&1
  local flags; flags=$(grep 'FETCH (FLAGS (' "$RESULTS/interimap-local-flags.log" || true)
  grep -q '\\Flagged' <<<"$flags" && ! grep -q '\\Seen' <<<"$flags" \
    || { report interimap "FAIL: local copy of UID 5 does not keep \\Flagged without \\Seen after the sync"; return 1; }
  report interimap "OK — both conversations ($mode), then server-side flag change + expunge and a local flag change (set and clear) synced with QRESYNC ($(interimap --version 2>&1 | head -1))"
}

for c in "${CLIENTS[@]}"; do
  "run_$c" || FAILED=1
done
exit $FAILED

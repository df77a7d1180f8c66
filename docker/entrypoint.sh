#!/bin/sh
# cpm-mss container entrypoint: prepares what the container configuration (/etc/cpm-mss, docker/container-conf.sh)
# takes from the data volume and the environment, then runs bin/cpm-mss in the foreground (SIGTERM: clean stop,
# exit status 0).
#
# /data/tls/keystore.p12   TLS key and certificate of IMAP/SMTP STARTTLS and HTTPS. Absent: a self-signed one is made
#                          (CN and subjectAltName from CPM_TLS_HOSTNAMES, default the container's hostname, plus
#                          localhost and 127.0.0.1). Put your CA-issued PKCS12 there (and its password in
#                          /data/tls/keystore.password, or CPM_TLS_PASSWORD) for production.
# /data/tls/jwt-public.pem WebAdmin's JWT verification key (James's routes, /metrics). Absent: an RSA pair is made,
#                          the private half in /data/tls/jwt-private.pem (cpm-mss-admin signs its tokens with it).
# CPM_PF_NETWORKS          networks whose PFs may submit over LMTP/SMTP without AUTH and are trusted SIP peers,
#                          comma separated (default: the networks of the container's own interfaces).
# CPM_HTTP_TOKENS          the bearer tokens of /cpm/v1 (cpm.http.tokens: token:role, comma separated).
set -eu
DATA="${CPM_DATA:-/data}"   # CPM_DATA, CPM_CONF, CPM_HOME: for testing this script outside the image
TLS="$DATA/tls"
umask 077
mkdir -p "$TLS"

if [ ! -f "$TLS/keystore.p12" ]; then
  names="${CPM_TLS_HOSTNAMES:-$(hostname)}"
  san="dns:localhost,ip:127.0.0.1"
  for n in $(echo "$names" | tr ',' ' '); do
    case "$n" in *[!0-9.]*) san="$san,dns:$n" ;; *) san="$san,ip:$n" ;; esac
  done
  password="${CPM_TLS_PASSWORD:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
  keytool -genkeypair -alias cpm-mss -keyalg RSA -keysize 3072 -validity 825 \
    -dname "CN=$(echo "$names" | cut -d, -f1)" -ext "SAN=$san" \
    -storetype PKCS12 -keystore "$TLS/keystore.p12" -storepass "$password" -keypass "$password" 2>/dev/null
  printf '%s' "$password" > "$TLS/keystore.password"
  echo "cpm-mss: made a self-signed TLS certificate in $TLS/keystore.p12 ($san); clients must trust it, or put" \
       "a CA-issued keystore there (docker/README.md)" >&2
fi
if [ -z "${CPM_TLS_PASSWORD:-}" ]; then
  [ -f "$TLS/keystore.password" ] || { echo "cpm-mss: $TLS/keystore.password missing (or set CPM_TLS_PASSWORD)" >&2; exit 2; }
  CPM_TLS_PASSWORD="$(cat "$TLS/keystore.password")"
fi
export CPM_TLS_PASSWORD

if [ ! -f "$TLS/jwt-public.pem" ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TLS/jwt-private.pem" 2>/dev/null
  openssl pkey -in "$TLS/jwt-private.pem" -pubout -out "$TLS/jwt-public.pem"
  echo "cpm-mss: made the WebAdmin JWT key pair in $TLS (cpm-mss-admin signs with jwt-private.pem)" >&2
fi

if [ -z "${CPM_PF_NETWORKS:-}" ]; then
  # the IPv4 networks of the container's interfaces (/proc/net/route: little-endian hex destination and mask)
  CPM_PF_NETWORKS="$(awk '
    function h(s,  i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", toupper(substr(s, i, 1))) - 1; return n }
    function bits(m,  i, x, b) { b = 0; for (i = 1; i <= 7; i += 2) { x = h(substr(m, i, 2)); while (x > 0) { b += x % 2; x = int(x / 2) } } return b }
    NR > 1 && $2 != "00000000" && $3 == "00000000" {
      printf "%s%d.%d.%d.%d/%d", sep, h(substr($2, 7, 2)), h(substr($2, 5, 2)), h(substr($2, 3, 2)), h(substr($2, 1, 2)), bits($8); sep = ","
    }' /proc/net/route)"
  CPM_PF_NETWORKS="${CPM_PF_NETWORKS:-127.0.0.1}"
fi
export CPM_PF_NETWORKS
export CPM_HTTP_TOKENS="${CPM_HTTP_TOKENS:-}"
echo "cpm-mss: PF networks (LMTP/SMTP without AUTH, trusted SIP peers): loopback, $CPM_PF_NETWORKS" >&2

umask 027
exec "${CPM_HOME:-/opt/cpm-mss}/bin/cpm-mss" --conf "${CPM_CONF:-/etc/cpm-mss}" --data "$DATA" "$@"

#!/bin/sh
# Turns the release archive's conf/ (loopback only, no TLS) into the container configuration, in place:
#   sh container-conf.sh /etc/cpm-mss
# - IMAP, SMTP, LMTP and SIP listen on all interfaces of the container (so they can be published);
# - IMAP and SMTP offer STARTTLS and IMAP refuses LOGIN/AUTHENTICATE PLAIN before it (plainAuthDisallowed), with
#   the keystore in the data volume (/data/tls/keystore.p12, made by entrypoint.sh when absent);
# - HTTP (WebAdmin and /cpm/v1) listens on all interfaces over HTTPS, with JWT on James's routes (the start-up
#   check refuses a non-loopback WebAdmin without it); /cpm/v1 keeps its bearer tokens (CPM_HTTP_TOKENS);
# - PFs in CPM_PF_NETWORKS (default: the container's own networks, computed by entrypoint.sh) may submit over
#   LMTP and SMTP without AUTH and are trusted SIP peers, in addition to loopback.
# Secrets and networks come from the environment (${env:...}, resolved by the server when it reads its files).
set -eu
C="$1"
edit() { # edit FILE SED-EXPRESSION EXPECTED: fails the build when the archive's file no longer matches
  sed -i "$2" "$C/$1"
  grep -qF "$3" "$C/$1" || { echo "container-conf.sh: $1: expected '$3' after '$2'" >&2; exit 1; }
}
for f in imapserver.xml smtpserver.xml lmtpserver.xml; do
  edit $f 's#<bind>127.0.0.1:#<bind>0.0.0.0:#' '<bind>0.0.0.0:'
done
for f in imapserver.xml smtpserver.xml; do
  edit $f 's#<tls socketTLS="false" startTLS="false">#<tls socketTLS="false" startTLS="true">#' 'startTLS="true"'
  edit $f 's#<keystore>file://conf/keystore.p12</keystore>#<keystore>file://var/tls/keystore.p12</keystore>#' 'file://var/tls/keystore.p12'
  edit $f 's#<secret>changeit</secret>#<secret>${env:CPM_TLS_PASSWORD}</secret>#' '${env:CPM_TLS_PASSWORD}'
done
edit imapserver.xml 's#<plainAuthDisallowed>false</plainAuthDisallowed>#<plainAuthDisallowed>true</plainAuthDisallowed>#' \
  '<plainAuthDisallowed>true</plainAuthDisallowed>'
for f in lmtpserver.xml smtpserver.xml; do
  edit $f 's#<authorizedNetworks>127.0.0.0/8, ::1</authorizedNetworks>#<authorizedNetworks>127.0.0.0/8, ::1, ${env:CPM_PF_NETWORKS}</authorizedNetworks>#' \
    '::1, ${env:CPM_PF_NETWORKS}</authorizedNetworks>'
done
edit smtpserver.xml 's#<authorizedAddresses>127.0.0.0/8, ::1</authorizedAddresses>#<authorizedAddresses>127.0.0.0/8, ::1, ${env:CPM_PF_NETWORKS}</authorizedAddresses>#' \
  '::1, ${env:CPM_PF_NETWORKS}</authorizedAddresses>'
edit sipserver.properties 's#^sip.bind=127.0.0.1:5062$#sip.bind=0.0.0.0:5062#' 'sip.bind=0.0.0.0:5062'
edit sipserver.properties 's#^sip.trusted-peers=127.0.0.1,::1$#sip.trusted-peers=127.0.0.1,::1,${env:CPM_PF_NETWORKS}#' \
  'sip.trusted-peers=127.0.0.1,::1,${env:CPM_PF_NETWORKS}'
edit webadmin.properties 's#^host=127.0.0.1$#host=0.0.0.0#' 'host=0.0.0.0'
edit webadmin.properties 's#^jwt.enabled=false$#jwt.enabled=true\njwt.publickeypem.url=file://var/tls/jwt-public.pem#' \
  'jwt.publickeypem.url=file://var/tls/jwt-public.pem'
edit webadmin.properties 's#^https.enabled=false$#https.enabled=true\nhttps.keystore=${sys:cpm.data.dir}/tls/keystore.p12\nhttps.password=${env:CPM_TLS_PASSWORD}#' \
  'https.password=${env:CPM_TLS_PASSWORD}'
edit cpm.properties 's#^cpm.http.tokens=$#cpm.http.tokens=${env:CPM_HTTP_TOKENS}#' 'cpm.http.tokens=${env:CPM_HTTP_TOKENS}'
printf '\n# container image (docker/container-conf.sh): the edits above were made for the image\n' >> "$C/webadmin.properties"
echo "container-conf.sh: $C is the container configuration"

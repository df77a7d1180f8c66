#!/usr/bin/env python3
"""Small PF and device client for the release-archive and container checks (bench/release, bench/container).

  cpm_client.py lmtp HOST PORT OWNER SENDER MESSAGE_ID TEXT     store a CPM chat object over LMTP (expects 250)
  cpm_client.py http BASE_URL TOKEN OWNER SENDER MESSAGE_ID TEXT     store a chat message over HTTP /cpm/v1 (expects 2xx)
  cpm_client.py imap HOST PORT USER PASSWORD TEXT [starttls]    finds TEXT in the owner's folders over IMAP
Exits 1 with the server's answer when a step fails.
"""
import imaplib
import json
import socket
import ssl
import sys
import urllib.request


def lmtp(host, port, owner, sender, mid, text):
    s = socket.create_connection((host, int(port)), timeout=60)
    f = s.makefile("rb")

    def reply():
        while True:
            line = f.readline().decode()
            if len(line) < 4 or line[3] != "-":
                return line.strip()

    def cmd(line):
        s.sendall((line + "\r\n").encode())
        return reply()

    answers = [reply(), cmd("LHLO release-check"), cmd("MAIL FROM:<pf@pf.test>"), cmd("RCPT TO:<%s>" % owner),
               cmd("DATA")]
    num = sender
    body = ("Date: Fri, 25 Mar 2016 10:45:41 +0100\r\nFrom: tel:%s\r\nTo: tel:%s\r\nConversation-ID: release-%s\r\n"
            "Contribution-ID: release-%s\r\nIMDN-Message-ID: %s\r\nMIME-Version: 1.0\r\nContent-Type: message/cpim\r\n\r\n"
            "From: <tel:%s>\r\nTo: <sip:anonymous@anonymous.invalid>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
            "imdn.Message-ID: %s\r\nDateTime: 2016-03-25T10:45:40+01:00\r\n\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
            % (num, owner.split("@")[0], mid, mid, mid, num, mid, text))
    s.sendall((body + ".\r\n").encode())
    answers.append(reply())
    cmd("QUIT")
    print("LMTP:", " | ".join(answers))
    if not answers[-1].startswith("250"):
        sys.exit(1)


def http(url, token, owner, sender, mid, text):
    document = {"from": "tel:" + sender, "to": ["tel:" + owner.split("@")[0]],
                "conversationId": "release-" + mid, "contributionId": "release-" + mid,
                "imdnMessageId": mid, "text": text, "owners": [owner]}
    request = urllib.request.Request(url + "/standalone-messages", data=json.dumps(document).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"})
    context = ssl._create_unverified_context()  # the image's self-signed certificate
    try:
        with urllib.request.urlopen(request, context=context, timeout=60) as response:
            print("HTTP:", response.status, response.read().decode()[:300])
    except urllib.error.HTTPError as e:
        print("HTTP:", e.code, e.read().decode()[:500])
        sys.exit(1)


def imap(host, port, user, password, text, starttls=None):
    m = imaplib.IMAP4(host, int(port))
    if starttls:
        m.starttls(ssl._create_unverified_context())
    m.login(user, password)
    typ, folders = m.list('""', "*")
    found = []
    for line in folders:
        name = line.decode().rsplit(' "/" ', 1)[-1].strip() if ' "/" ' in line.decode() else line.decode().split()[-1]
        if m.select(name, readonly=True)[0] != "OK":
            continue
        typ, data = m.uid("SEARCH", None, "TEXT", '"%s"' % text)
        for uid in data[0].split():
            typ, fetched = m.uid("FETCH", uid, "(BODY.PEEK[])")
            if text.encode() in fetched[0][1]:
                found.append((name, uid.decode()))
    m.logout()
    print("IMAP: %s found in %s" % (text, found))
    if not found:
        sys.exit(1)


if __name__ == "__main__":
    {"lmtp": lmtp, "http": http, "imap": imap}[sys.argv[1]](*sys.argv[2:])

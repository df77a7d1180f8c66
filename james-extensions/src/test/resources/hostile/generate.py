import os, random
root = os.path.dirname(os.path.abspath(__file__))
FROM = 'tel:+33677777777'
TO = 'tel:+33688888888'

def outer(headers=None, ctype='message/cpim', body='', conv='hostile-conv', contrib='hostile-contrib', imdn='hostile-imdn', frm=FROM, to=TO, extra=''):
    h = headers if headers is not None else (
        "Date: Fri, 25 Mar 2016 10:45:41 +0100\n"
        f"From: {frm}\nTo: {to}\nConversation-ID: {conv}\nContribution-ID: {contrib}\nIMDN-Message-ID: {imdn}\n"
        + extra + f"MIME-Version: 1.0\nContent-Type: {ctype}\n")
    return h + "\n" + body

def cpim(cpim_headers=None, inner_ct='text/plain; charset=utf-8', content='hostile text\n', frm=FROM):
    ch = cpim_headers if cpim_headers is not None else (
        f"From: <{frm}>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\n"
        "imdn.Message-ID: hostile-imdn\nDateTime: 2016-03-25T10:45:40+01:00\n")
    return ch + "\n" + f"Content-Type: {inner_ct}\n\n" + content

def imdn_obj(xml):
    body = ("From: <sip:anonymous@anonymous.invalid>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\n"
            "imdn.Message-ID: hostile-imdn\nDateTime: 2016-03-25T10:45:50+01:00\n\n"
            "Content-Type: message/imdn+xml\nContent-Disposition: notification\n\n" + xml)
    return outer(body=body, frm=TO, to=FROM)

def gso_obj(xml, ctype='Application/group-state-object+xml'):
    h = ("Date: Fri, 25 Mar 2016 11:00:00 +0100\nFrom: sip:anonymous@anonymous.invalid\n"
         f"To: {TO}\nSubject: a group\nConversation-ID: hostile-gconv\nContribution-ID: hostile-gcontrib\n"
         f"IMDN-Message-ID: hostile-gso\nMIME-Version: 1.0\nContent-Type: {ctype}\n")
    return h + "\n" + xml

def crlf(s):
    return s.replace('\r\n', '\n').replace('\n', '\r\n').encode('utf-8', 'surrogateescape') if isinstance(s, str) else s

cases = {}
def add(cat, name, data, ext='eml'):
    data = data if isinstance(data, bytes) else crlf(data)
    # a distinct IMDN-Message-ID per case, so that no case is answered "already stored" by de-duplication
    unique = ('h-' + cat + '-' + name).encode()
    data = data.replace(b'hostile-imdn', unique).replace(b'hostile-gso', unique)
    cases[(cat, name + '.' + ext)] = data

# ---- cpim
add('cpim', 'no-blank-line-after-cpim-headers', outer(body="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nContent-Type: text/plain\nhello\n"))
add('cpim', 'missing-body', outer(body=""))
add('cpim', 'only-cpim-headers-no-mime', outer(body="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\n\n"))
add('cpim', 'cpim-header-without-colon', outer(body=cpim(cpim_headers="From <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\n")))
add('cpim', 'cpim-from-not-a-uri', outer(body=cpim(cpim_headers="From: <<<>>>\nTo: <sip:anonymous@anonymous.invalid>\nDateTime: 2016-03-25T10:45:40+01:00\n")))
add('cpim', 'cpim-datetime-garbage', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nDateTime: not-a-date\n")))
add('cpim', 'cpim-ns-without-uri', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn\nimdn.Message-ID: x\n")))
add('cpim', 'cpim-nul-in-header', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nSubject: a\x00b\n")))
add('cpim', 'binary-garbage-body', crlf(outer(body="")) + bytes(random.Random(1).randrange(256) for _ in range(2048)))
add('cpim', 'binary-garbage-whole-object', bytes(random.Random(2).randrange(256) for _ in range(4096)))
add('cpim', 'inner-content-type-missing', outer(body="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nDateTime: 2016-03-25T10:45:40+01:00\n\n\nhello\n"))
add('cpim', 'outer-content-type-missing', outer(headers="Date: Fri, 25 Mar 2016 10:45:41 +0100\nFrom: tel:+33677777777\nTo: tel:+33688888888\nConversation-ID: c\nContribution-ID: c\nIMDN-Message-ID: i\n", body=cpim()))
add('cpim', 'outer-from-missing', outer(headers="Date: Fri, 25 Mar 2016 10:45:41 +0100\nTo: tel:+33688888888\nConversation-ID: c\nContribution-ID: c\nIMDN-Message-ID: i\nMIME-Version: 1.0\nContent-Type: message/cpim\n", body=cpim()))
add('cpim', 'outer-from-garbage', outer(frm="!!!not an address!!!", body=cpim()))
add('cpim', 'contribution-id-missing', outer(headers="Date: Fri, 25 Mar 2016 10:45:41 +0100\nFrom: tel:+33677777777\nTo: tel:+33688888888\nConversation-ID: c\nIMDN-Message-ID: i\nMIME-Version: 1.0\nContent-Type: message/cpim\n", body=cpim()))
add('cpim', 'unknown-outer-content-type', outer(ctype='application/x-evil', body="whatever\n"))
add('cpim', 'header-folded-with-crlf-injection', outer(extra="Subject: a\n\tb\n", conv="conv\n X-Injected: yes", body=cpim()))
add('cpim', 'cpim-content-type-charset-bogus', outer(body=cpim(inner_ct='text/plain; charset=x-no-such-charset-\xff')))
add('cpim', 'mime-multipart-without-boundary', outer(ctype='multipart/related', body="--x\nContent-Type: text/plain\n\nhi\n--x--\n"))

# ---- imdn
ok_imdn = ('<?xml version="1.0" encoding="UTF-8"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>m1</message-id>'
           '<datetime>2016-03-25T09:45:50Z</datetime><delivery-notification><status><delivered/></status></delivery-notification></imdn>\n')
add('imdn', 'xxe-external-file', imdn_obj('<?xml version="1.0"?>\n<!DOCTYPE imdn [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&xxe;</message-id><datetime>2016-03-25T09:45:50Z</datetime><delivery-notification><status><delivered/></status></delivery-notification></imdn>\n'))
add('imdn', 'xxe-external-http', imdn_obj('<?xml version="1.0"?>\n<!DOCTYPE imdn [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/x">]>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&xxe;</message-id></imdn>\n'))
add('imdn', 'xxe-parameter-entity', imdn_obj('<?xml version="1.0"?>\n<!DOCTYPE imdn [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>m</message-id></imdn>\n'))
add('imdn', 'external-dtd', imdn_obj('<?xml version="1.0"?>\n<!DOCTYPE imdn SYSTEM "http://127.0.0.1:1/imdn.dtd">\n' + ok_imdn.split('\n',1)[1]))
laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(f'<!ENTITY lol{i} "' + (f'&lol{i-1};' if i > 1 else '&lol;') * 10 + '">' for i in range(1, 10)) + ']>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&lol9;</message-id></imdn>\n'
add('imdn', 'billion-laughs', imdn_obj(laughs))
add('imdn', 'quadratic-blowup', imdn_obj('<?xml version="1.0"?>\n<!DOCTYPE imdn [<!ENTITY a "' + 'A' * 2000 + '">]>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>' + '&a;' * 500 + '</message-id></imdn>\n'))
add('imdn', 'xinclude', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn" xmlns:xi="http://www.w3.org/2001/XInclude"><message-id><xi:include href="file:///etc/passwd" parse="text"/></message-id><datetime>2016-03-25T09:45:50Z</datetime><delivery-notification><status><delivered/></status></delivery-notification></imdn>\n'))
add('imdn', 'missing-message-id', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><datetime>2016-03-25T09:45:50Z</datetime><delivery-notification><status><delivered/></status></delivery-notification></imdn>\n'))
add('imdn', 'missing-notification', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>m1</message-id><datetime>2016-03-25T09:45:50Z</datetime></imdn>\n'))
add('imdn', 'missing-status', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>m1</message-id><datetime>2016-03-25T09:45:50Z</datetime><delivery-notification></delivery-notification></imdn>\n'))
add('imdn', 'wrong-root-element', imdn_obj('<?xml version="1.0"?>\n<html><body>not imdn</body></html>\n'))
add('imdn', 'wrong-namespace', imdn_obj(ok_imdn.replace('urn:ietf:params:xml:ns:imdn', 'urn:evil')))
add('imdn', 'not-well-formed-unclosed', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>m1</message-id><datetime>\n'))
add('imdn', 'empty-body', imdn_obj(''))
add('imdn', 'not-xml-at-all', imdn_obj('this is not xml\n'))
add('imdn', 'deep-nesting', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn">' + '<x>' * 5000 + '</x>' * 5000 + '</imdn>\n'))
add('imdn', 'processing-instruction-stylesheet', imdn_obj('<?xml version="1.0"?>\n<?xml-stylesheet href="http://127.0.0.1:1/x.xsl"?>\n<!DOCTYPE imdn>\n' + ok_imdn.split('\n',1)[1]))
add('imdn', 'utf16-declared-utf8-bytes', imdn_obj('<?xml version="1.0" encoding="UTF-16"?>\n' + ok_imdn.split('\n',1)[1]))
add('imdn', 'nul-in-xml', imdn_obj(ok_imdn.replace('m1', 'm\x001')))

# ---- group-state
def gso(parts, attrs='timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com" group-type="Closed"', prolog='<?xml version="1.0" encoding="UTF-8"?>\n'):
    return gso_obj(prolog + f'<groupstate {attrs}>\n' + parts + '</groupstate>\n')
P = '  <participant name="" comm-addr="tel:+33688888888"/>\n'
add('group-state', 'xxe-external-file', gso_obj('<?xml version="1.0"?>\n<!DOCTYPE groupstate [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<groupstate timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com" group-type="Closed"><participant name="&xxe;" comm-addr="tel:+33688888888"/></groupstate>\n'))
add('group-state', 'xxe-in-attribute-default', gso_obj('<?xml version="1.0"?>\n<!DOCTYPE groupstate [<!ATTLIST participant name CDATA "evil">]>\n<groupstate timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com" group-type="Closed"><participant comm-addr="tel:+33688888888"/></groupstate>\n'))
add('group-state', 'billion-laughs', gso_obj(laughs.replace('<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&lol9;</message-id></imdn>', '<groupstate timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com" group-type="Closed"><participant name="&lol9;" comm-addr="tel:+33688888888"/></groupstate>')))
add('group-state', 'deep-nesting', gso(P + '<a>' * 5000 + '</a>' * 5000 + '\n'))
add('group-state', 'many-participants', gso(''.join(f'  <participant name="p{i}" comm-addr="tel:+336{i:08d}"/>\n' for i in range(600))))
add('group-state', 'missing-timestamp', gso(P, attrs='lastfocussessionid="sip:focus@example.com" group-type="Closed"'))
add('group-state', 'missing-lastfocussessionid', gso(P, attrs='timestamp="2016-03-25T10:00:00Z" group-type="Closed"'))
add('group-state', 'missing-group-type', gso(P, attrs='timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com"'))
add('group-state', 'participant-without-comm-addr', gso('  <participant name="x"/>\n'))
add('group-state', 'no-participants', gso(''))
add('group-state', 'timestamp-garbage', gso(P, attrs='timestamp="yesterday" lastfocussessionid="sip:focus@example.com" group-type="Closed"'))
add('group-state', 'wrong-root', gso_obj('<?xml version="1.0"?>\n<notgroupstate/>\n'))
add('group-state', 'not-well-formed', gso_obj('<?xml version="1.0"?>\n<groupstate timestamp="2016-03-25T10:00:00Z"><participant\n'))
add('group-state', 'empty-body', gso_obj(''))
add('group-state', 'comm-addr-not-an-address', gso('  <participant name="" comm-addr="../../etc/passwd"/>\n'))
add('group-state', 'comm-addr-control-chars', gso('  <participant name="" comm-addr="tel:+336&#1;&#27;888"/>\n'))
add('group-state', 'huge-attribute', gso(f'  <participant name="{"N" * 40000}" comm-addr="tel:+33688888888"/>\n'))
add('group-state', 'duplicate-attributes', gso('  <participant name="a" name="b" comm-addr="tel:+33688888888"/>\n'))

# ---- folder-injection (otherwise valid chat objects)
def chat(conv='fi-conv', contrib='fi-contrib', frm=FROM, to=TO, extra=''):
    return outer(conv=conv, contrib=contrib, frm=frm, to=to, extra=extra, body=cpim(frm=frm))
add('folder-injection', 'conversation-id-dotdot', chat(conv='..'))
add('folder-injection', 'conversation-id-dot', chat(conv='.'))
add('folder-injection', 'conversation-id-traversal', chat(conv='../../+33622222222@example.com/INBOX'))
add('folder-injection', 'conversation-id-slash', chat(conv='a/b'))
add('folder-injection', 'conversation-id-leading-slash', chat(conv='/etc'))
add('folder-injection', 'conversation-id-star', chat(conv='*'))
add('folder-injection', 'conversation-id-percent', chat(conv='%'))
add('folder-injection', 'conversation-id-hash-user', chat(conv='#user/+33622222222@example.com'))
add('folder-injection', 'conversation-id-control-char', chat(conv='abc\x01def'))
add('folder-injection', 'conversation-id-escape-char', chat(conv='abc\x1b[31mdef'))
add('folder-injection', 'conversation-id-empty', chat(conv=''))
add('folder-injection', 'conversation-id-backslash', chat(conv='a\\b'))
add('folder-injection', 'conversation-id-quote', chat(conv='a"b'))
add('folder-injection', 'conversation-id-very-long', chat(conv='c' * 5000))
add('folder-injection', 'contribution-id-dotdot', chat(contrib='..'))
add('folder-injection', 'contribution-id-slash', chat(contrib='x/../../y'))
add('folder-injection', 'contribution-id-star', chat(contrib='*'))
add('folder-injection', 'contribution-id-control-char', chat(contrib='x\x7fy'))
add('folder-injection', 'inreplyto-contribution-id-traversal', chat(extra='InReplyTo-Contribution-ID: ../../x\n'))
add('folder-injection', 'from-address-slash', chat(frm='sip:a/b@example.com'))
add('folder-injection', 'from-address-star', chat(frm='sip:*@example.com'))
add('folder-injection', 'to-address-dotdot', chat(to='sip:..@example.com'))
add('folder-injection', 'to-address-percent', chat(to='sip:%@example.com'))
add('folder-injection', 'to-address-control-char', chat(to='tel:+336\x0288888888'))

# ---- oversized-truncated (the test server runs with cpm.limits.max-object-size=65536)
good = chat(conv='ot-conv', contrib='ot-contrib')
gb = crlf(good)
for n, cut in [('truncated-in-outer-headers', 40), ('truncated-after-outer-headers', gb.index(b'\r\n\r\n') + 2),
               ('truncated-in-cpim-headers', gb.index(b'\r\n\r\n') + 30), ('truncated-one-byte', 1)]:
    add('oversized-truncated', n, gb[:cut])
add('oversized-truncated', 'truncated-imdn-xml', imdn_obj(ok_imdn[:60]))
add('oversized-truncated', 'truncated-group-state', gso_obj('<?xml version="1.0"?>\n<groupstate timestamp="2016-03-25T10:00:00Z" lastfocus'))
add('oversized-truncated', 'empty', b'')
add('oversized-truncated', 'only-crlf', b'\r\n')
add('oversized-truncated', 'object-over-max-object-size', outer(body=cpim(content='X' * 40000 + '\n')))
add('oversized-truncated', 'huge-single-header-line', outer(extra='X-Big: ' + 'h' * 40000 + '\n', body=cpim()))
add('oversized-truncated', 'many-headers', outer(extra=''.join(f'X-H{i}: v\n' for i in range(8000)), body=cpim()))
add('oversized-truncated', 'huge-cpim-header', outer(body=cpim(cpim_headers='From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nSubject: ' + 's' * 40000 + '\n')))
add('oversized-truncated', 'huge-conversation-id', chat(conv='c' * 40000))
add('oversized-truncated', 'base64-truncated-file', outer(ctype='multipart/related; boundary=b', body='--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAAA\n'))
add('oversized-truncated', 'multipart-no-closing-boundary', outer(ctype='multipart/mixed; boundary=b', body='--b\nContent-Type: text/plain\n\nhi\n'))
add('oversized-truncated', 'no-line-ends-at-all', ('A' * 3000).encode())

import shutil
for category in {c for c, _ in cases}:
    shutil.rmtree(os.path.join(root, category), ignore_errors=True)
for (cat, name), data in cases.items():
    os.makedirs(os.path.join(root, cat), exist_ok=True)
    open(os.path.join(root, cat, name), 'wb').write(data)
for cat in sorted({c for c, _ in cases}):
    print(cat, sum(1 for c, _ in cases if c == cat))

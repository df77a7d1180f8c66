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
add('imdn', 'deep-nesting', imdn_obj('<?xml version="1.0"?>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn">' + ('<x>' * 50 + '\n') * 100 + ('</x>' * 50 + '\n') * 100 + '</imdn>\n'))
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
add('group-state', 'deep-nesting', gso(P + ('<a>' * 50 + '\n') * 100 + ('</a>' * 50 + '\n') * 100 + '\n'))
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
add('oversized-truncated', 'object-over-max-object-size', outer(body=cpim(content=('X' * 998 + '\n') * 300)))
add('oversized-truncated', 'huge-single-header-line', outer(extra='X-Big: ' + 'h' * 40000 + '\n', body=cpim()))
add('oversized-truncated', 'many-headers', outer(extra=''.join(f'X-H{i}: v\n' for i in range(8000)), body=cpim()))
add('oversized-truncated', 'huge-cpim-header', outer(body=cpim(cpim_headers='From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nSubject: ' + 's' * 40000 + '\n')))
add('oversized-truncated', 'huge-conversation-id', chat(conv='c' * 40000))
add('oversized-truncated', 'base64-truncated-file', outer(ctype='multipart/related; boundary=b', body='--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAAA\n'))
add('oversized-truncated', 'multipart-no-closing-boundary', outer(ctype='multipart/mixed; boundary=b', body='--b\nContent-Type: text/plain\n\nhi\n'))
add('oversized-truncated', 'no-line-ends-at-all', ('A' * 3000).encode())


# ---- more cpim
add('cpim', 'cpim-datetime-no-offset', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: hostile-imdn\nDateTime: 2016-03-25 10:45:40\n")))
add('cpim', 'cpim-datetime-month-13', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: hostile-imdn\nDateTime: 2016-13-25T10:45:40Z\n")))
add('cpim', 'cpim-from-empty-angle', outer(body=cpim(cpim_headers="From: <>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: hostile-imdn\n")))
add('cpim', 'cpim-from-javascript-uri', outer(body=cpim(cpim_headers="From: <javascript:alert(1)>\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: hostile-imdn\n")))
add('cpim', 'cpim-to-not-a-uri', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: just words\nNS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: hostile-imdn\n")))
add('cpim', 'cpim-many-headers', outer(body=cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\n" + ''.join(f"X{i}: v\n" for i in range(3000)))))

# ---- more imdn
add('imdn', 'datetime-garbage', imdn_obj(ok_imdn.replace('2016-03-25T09:45:50Z', 'tomorrow')))
add('imdn', 'unknown-status', imdn_obj(ok_imdn.replace('<delivered/>', '<exploded/>')))
add('imdn', 'two-notifications', imdn_obj(ok_imdn.replace('</imdn>', '<display-notification><status><displayed/></status></display-notification></imdn>')))
add('imdn', 'message-id-traversal', imdn_obj(ok_imdn.replace('<message-id>m1<', '<message-id>../../x<')))
add('imdn', 'cdata-bomb', imdn_obj(ok_imdn.replace('<message-id>m1</message-id>', '<message-id><![CDATA[' + 'x' * 60000 + ']]></message-id>')))

# ---- more group-state
add('group-state', 'comm-addr-http-uri', gso('  <participant name="" comm-addr="http://evil.example/x"/>\n'))
add('group-state', 'comm-addr-empty', gso('  <participant name="" comm-addr=""/>\n'))
add('group-state', 'group-type-unknown', gso(P, attrs='timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com" group-type="Anarchy"'))
add('group-state', 'lastfocussessionid-not-a-uri', gso(P, attrs='timestamp="2016-03-25T10:00:00Z" lastfocussessionid="../../x" group-type="Closed"'))
add('group-state', 'namespace-prefix-trick', gso_obj('<?xml version="1.0"?>\n<g:groupstate xmlns:g="urn:evil" timestamp="2016-03-25T10:00:00Z" lastfocussessionid="sip:focus@example.com" group-type="Closed"><participant name="" comm-addr="tel:+33688888888"/></g:groupstate>\n'))

# ---- more folder-injection
add('folder-injection', 'conversation-id-unicode-slash', chat(conv='a\u2215b\u2044c'))
add('folder-injection', 'contribution-id-percent', chat(contrib='%'))
add('folder-injection', 'from-address-hash-user', chat(frm='sip:#user@example.com'))

# ---- more oversized-truncated
add('oversized-truncated', 'truncated-ft-history', outer(ctype='multipart/related;boundary=cpm; type="Application/X-CPM-File-Transfer"', body='--cpm\nContent-Type: Application/X-CPM-File-Transfer\n\n<file-transfer-type>Ad-Hoc</file-tr'))
add('oversized-truncated', 'truncated-session-info', outer(ctype='Application/X-CPM-Session', body='<?xml version="1.0"?>\n<session><session-type>Gro'))
add('oversized-truncated', 'huge-imdn-message-id-header', outer(imdn='i' * 20000, body=cpim()))
add('oversized-truncated', 'huge-participant-list', gso(''.join(f'  <participant name="p{i}" comm-addr="tel:+336{i:08d}"/>\n' for i in range(6000))))

# ---- session-ft: session info (Application/X-CPM-Session), file-transfer history, FT over HTTP
def session_obj(xml, ctype='Application/X-CPM-Session'):
    h = ("Date: Thu, 11 Feb 2016 14:00:49 +0100\nFrom: tel:+33677777777\nTo: sip:Conference-Factory@example.com\n"
         f"Subject: s\nContent-Type: {ctype}\nConversation-ID: hostile-sconv\nContribution-ID: hostile-scontrib\n"
         "IMDN-Message-ID: hostile-imdn\n")
    return h + "\n" + xml
SESSION = '<?xml version="1.0" encoding="UTF-8"?>\n<session><session-type>Group</session-type><sdp>v=0</sdp><invited-participants>tel:+33688888888</invited-participants></session>\n'
def ft_obj(ftxml, parts=''):
    return outer(ctype='multipart/related;boundary=cpm; type="Application/X-CPM-File-Transfer"',
                 body='--cpm\nContent-Type: Application/X-CPM-File-Transfer\n\n' + ftxml + '\n' + parts + '--cpm--\n')
FT = ('<file-transfer-type>Ad-Hoc</file-transfer-type>\n<invited-participants>tel:+33688888888</invited-participants>\n'
      '<file-object>\n  <cid>cid:f1@example.com</cid>\n  <sdp>a=file-selector:name:"a.txt" type:text/plain size:2</sdp>\n</file-object>')
FTPART = '--cpm\nContent-Type: text/plain\nContent-ID: <f1@example.com>\n\nhi\n'
def fthttp_obj(xml):
    return outer(body=cpim(inner_ct='application/vnd.gsma.rcs-ft-http+xml', content=xml))
FTHTTP = ('<?xml version="1.0" encoding="UTF-8"?>\n<file xmlns="urn:gsma:params:xml:ns:rcs:rcs:fthttp"><file-info type="file">'
          '<file-size>10</file-size><file-name>a.jpg</file-name><content-type>image/jpeg</content-type>'
          '<data url="https://ft.example.com/f/1" until="2016-04-01T12:00:00Z"/></file-info></file>\n')
add('session-ft', 'session-xxe', session_obj('<?xml version="1.0"?>\n<!DOCTYPE session [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<session><session-type>&x;</session-type></session>\n'))
add('session-ft', 'session-billion-laughs', session_obj(laughs.replace('<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&lol9;</message-id></imdn>', '<session><session-type>Group</session-type><sdp>&lol9;</sdp></session>')))
add('session-ft', 'session-deep-nesting', session_obj('<?xml version="1.0"?>\n<session><session-type>Group</session-type>' + ('<x>' * 50 + '\n') * 100 + ('</x>' * 50 + '\n') * 100 + '</session>\n'))
add('session-ft', 'session-not-well-formed', session_obj('<?xml version="1.0"?>\n<session><session-type>Group</session-type><sdp>\n'))
add('session-ft', 'session-empty-body', session_obj(''))
add('session-ft', 'session-wrong-root', session_obj('<?xml version="1.0"?>\n<notsession/>\n'))
add('session-ft', 'session-type-unknown', session_obj(SESSION.replace('Group', 'Evil')))
add('session-ft', 'session-type-missing', session_obj(SESSION.replace('<session-type>Group</session-type>', '')))
add('session-ft', 'session-participants-garbage', session_obj(SESSION.replace('tel:+33688888888', '../../etc;;;<>')))
add('session-ft', 'session-many-participants', session_obj(SESSION.replace('tel:+33688888888', ';\n'.join(f'tel:+336{i:08d}' for i in range(5000)))))
add('session-ft', 'session-nul', session_obj(SESSION.replace('v=0', 'v=\x000')))
add('session-ft', 'session-xinclude', session_obj('<?xml version="1.0"?>\n<session xmlns:xi="http://www.w3.org/2001/XInclude"><session-type>Group</session-type><sdp><xi:include href="file:///etc/passwd" parse="text"/></sdp></session>\n'))
add('session-ft', 'session-utf16-declared', session_obj(SESSION.replace('UTF-8', 'UTF-16')))
add('session-ft', 'ft-xxe', ft_obj('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' + FT.replace('Ad-Hoc', '&e;'), FTPART))
add('session-ft', 'ft-billion-laughs', ft_obj(laughs.split('\n', 1)[1].split(']>')[0] + ']>\n' + FT.replace('Ad-Hoc', '&lol9;'), FTPART))
add('session-ft', 'ft-type-missing', ft_obj(FT.replace('<file-transfer-type>Ad-Hoc</file-transfer-type>\n', ''), FTPART))
add('session-ft', 'ft-type-unknown', ft_obj(FT.replace('Ad-Hoc', 'Evil'), FTPART))
add('session-ft', 'ft-file-object-without-cid', ft_obj(FT.replace('  <cid>cid:f1@example.com</cid>\n', ''), FTPART))
add('session-ft', 'ft-cid-names-missing-part', ft_obj(FT, ''))
add('session-ft', 'ft-not-well-formed', ft_obj(FT.replace('</file-object>', '<file-object>'), FTPART))
add('session-ft', 'ft-deep-nesting', ft_obj(FT + ('<x>' * 50 + '\n') * 100 + ('</x>' * 50 + '\n') * 100, FTPART))
add('session-ft', 'ft-many-file-objects', ft_obj(FT + ''.join(f'<file-object><cid>cid:n{i}@x</cid><sdp>a=x</sdp></file-object>\n' for i in range(3000)), FTPART))
add('session-ft', 'ft-size-garbage', ft_obj(FT.replace('size:2', 'size:-99999999999999999999'), FTPART))
add('session-ft', 'fthttp-xxe', fthttp_obj('<?xml version="1.0"?>\n<!DOCTYPE file [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' + FTHTTP.split('\n', 1)[1].replace('a.jpg', '&e;')))
add('session-ft', 'fthttp-not-well-formed', fthttp_obj(FTHTTP[:120]))
add('session-ft', 'fthttp-wrong-namespace', fthttp_obj(FTHTTP.replace('urn:gsma:params:xml:ns:rcs:rcs:fthttp', 'urn:evil')))
add('session-ft', 'fthttp-no-file-info', fthttp_obj('<?xml version="1.0"?>\n<file xmlns="urn:gsma:params:xml:ns:rcs:rcs:fthttp"></file>\n'))
add('session-ft', 'fthttp-missing-data-url', fthttp_obj(FTHTTP.replace('<data url="https://ft.example.com/f/1" until="2016-04-01T12:00:00Z"/>', '')))
add('session-ft', 'fthttp-size-negative', fthttp_obj(FTHTTP.replace('<file-size>10<', '<file-size>-10<')))
add('session-ft', 'fthttp-size-not-a-number', fthttp_obj(FTHTTP.replace('<file-size>10<', '<file-size>ten<')))
add('session-ft', 'fthttp-deep-nesting', fthttp_obj(FTHTTP.replace('</file>', ('<x>' * 50 + '\n') * 100 + ('</x>' * 50 + '\n') * 100 + '</file>')))

# ---- mime-bombs: deep nesting, many parts, huge header counts, base64 bombs, boundary tricks
FTCT = 'multipart/related;boundary=cpm; type="Application/X-CPM-File-Transfer"'
FTHEAD = '--cpm\nContent-Type: Application/X-CPM-File-Transfer\n\n' + FT + '\n'
def ft_raw(body, ctype=FTCT):
    return outer(ctype=ctype, body=body)
def nested(depth):
    s = ''
    for i in range(depth):
        s += f'--b{i}\nContent-Type: multipart/mixed; boundary=b{i+1}\n\n'
    s += f'--b{depth}\nContent-Type: text/plain\n\nx\n--b{depth}--\n'
    for i in reversed(range(depth)):
        s += f'--b{i}--\n'
    return s
add('mime-bombs', 'nesting-100', ft_raw(FTHEAD + '--cpm\nContent-Type: multipart/mixed; boundary=b0\nContent-ID: <f1@example.com>\n\n' + nested(100) + '--cpm--\n'))
add('mime-bombs', 'nesting-2000', ft_raw(FTHEAD + '--cpm\nContent-Type: multipart/mixed; boundary=b0\nContent-ID: <f1@example.com>\n\n' + nested(2000) + '--cpm--\n'))
add('mime-bombs', 'nesting-same-boundary', ft_raw(FTHEAD + ('--cpm\nContent-Type: multipart/mixed; boundary=cpm\n\n') * 3000 + '--cpm--\n'))
add('mime-bombs', 'nesting-message-rfc822', ft_raw(FTHEAD + '--cpm\nContent-Type: message/rfc822\nContent-ID: <f1@example.com>\n\n' + ('Content-Type: message/rfc822\n\n') * 3000 + 'x\n--cpm--\n'))
add('mime-bombs', 'nesting-cpim-in-cpim', outer(body=('From: <tel:+33677777777>\nTo: <sip:anonymous@anonymous.invalid>\n\nContent-Type: message/cpim\n\n') * 1500 + 'x\n'))
add('mime-bombs', 'many-parts-5000', ft_raw(FTHEAD + FTPART + '--cpm\n\n' * 5000 + '--cpm--\n'))
add('mime-bombs', 'many-parts-empty-20000', ft_raw(FTHEAD + FTPART + '--cpm\n' * 20000 + '--cpm--\n'))
add('mime-bombs', 'part-with-5000-headers', ft_raw(FTHEAD + '--cpm\nContent-Type: text/plain\nContent-ID: <f1@example.com>\n' + ''.join(f'X-P{i}: v\n' for i in range(5000)) + '\nhi\n--cpm--\n'))
add('mime-bombs', 'part-header-block-100k', ft_raw(FTHEAD + '--cpm\nContent-Type: text/plain\nContent-ID: <f1@example.com>\nX-Long: ' + ('a' * 900 + '\n ') * 110 + '\n\nhi\n--cpm--\n'))
add('mime-bombs', 'content-type-1000-params', ft_raw(FTHEAD + FTPART + '--cpm--\n', ctype=FTCT + ''.join(f'; p{i}=v' for i in range(1000))))
add('mime-bombs', 'rfc2231-continuation-bomb', ft_raw(FTHEAD + FTPART + '--cpm--\n', ctype=FTCT + ''.join(f'; name*{i}*=x' for i in range(3000))))
add('mime-bombs', 'base64-invalid-alphabet', ft_raw(FTHEAD + '--cpm\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <f1@example.com>\n\n' + ('!@#$%^&*()' * 7 + '\n') * 500 + '--cpm--\n'))
add('mime-bombs', 'base64-one-huge-line', ft_raw(FTHEAD + '--cpm\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <f1@example.com>\n\n' + 'QUFB' * 20000 + '\n--cpm--\n'))
add('mime-bombs', 'base64-padding-everywhere', ft_raw(FTHEAD + '--cpm\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <f1@example.com>\n\n' + ('=' * 76 + '\n') * 1000 + '--cpm--\n'))
add('mime-bombs', 'transfer-encoding-unknown', ft_raw(FTHEAD + '--cpm\nContent-Type: image/png\nContent-Transfer-Encoding: x-gzip-bomb\nContent-ID: <f1@example.com>\n\n' + 'x' * 1000 + '\n--cpm--\n'))
add('mime-bombs', 'boundary-empty', ft_raw('--\nContent-Type: Application/X-CPM-File-Transfer\n\n' + FT + '\n----\n', ctype='multipart/related;boundary=""; type="Application/X-CPM-File-Transfer"'))
add('mime-bombs', 'boundary-too-long', ft_raw(FTHEAD.replace('--cpm', '--' + 'B' * 500) + '--' + 'B' * 500 + '--\n', ctype=FTCT.replace('boundary=cpm', 'boundary=' + 'B' * 500)))
add('mime-bombs', 'boundary-in-content', ft_raw(FTHEAD + '--cpm\nContent-Type: text/plain\nContent-ID: <f1@example.com>\n\nsee --cpm-- here --cpm\n--cpm--\n'))
add('mime-bombs', 'boundary-missing-start', ft_raw('no delimiter at all\n' + FT + '\n'))
add('mime-bombs', 'boundary-only-closing', ft_raw('--cpm--\n'))
add('mime-bombs', 'boundary-twice-in-content-type', ft_raw(FTHEAD + FTPART + '--cpm--\n', ctype=FTCT + '; boundary=other'))
add('mime-bombs', 'boundary-with-quote-and-space', ft_raw(FTHEAD.replace('--cpm', '--a b"c') + '--a b"c--\n', ctype=FTCT.replace('boundary=cpm', 'boundary="a b\\"c"')))
add('mime-bombs', 'preamble-and-epilogue-huge', ft_raw('P' * 20000 + '\n' + FTHEAD + FTPART + '--cpm--\n' + 'E' * 20000 + '\n'))
add('mime-bombs', 'part-without-headers-blank', ft_raw(FTHEAD + '--cpm\nno blank line after this part header\n--cpm--\n'))


# ---- sip: raw SIP requests for the SIP bridge. HostileCorpusTest replaces ${VIA} (e.g. "SIP/2.0/UDP 127.0.0.1:5999")
# and ${CALLID}; cases named *-udp are sent over UDP only (a stream transport would wait for the missing bytes).
def sip_cpim(imdn='hostile-imdn', content='hello\n'):
    return crlf(cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:+33688888888@example.com>\nNS: imdn <urn:ietf:params:imdn>\n"
                     f"imdn.Message-ID: {imdn}\nDateTime: 2016-03-25T10:45:40+01:00\n", content=content))
def sip(headers=None, body=b'', method='MESSAGE', ruri='sip:+33688888888@example.com;user=phone', version='SIP/2.0',
        ctype='message/cpim', length=None, extra='', drop=()):
    body = body if isinstance(body, bytes) else crlf(body)
    h = headers if headers is not None else [
        ('Via', '${VIA};branch=z9hG4bK-${CALLID}'), ('Max-Forwards', '70'), ('From', '<tel:+33677777777>;tag=h1'),
        ('To', '<sip:+33688888888@example.com>'), ('Call-ID', '${CALLID}'), ('CSeq', f'1 {method}'),
        ('Conversation-ID', 'hostile-sip-conv'), ('Contribution-ID', 'hostile-sip-contrib'), ('Content-Type', ctype)]
    h = [(k, v) for k, v in h if k not in drop]
    text = f'{method} {ruri} {version}\r\n' + ''.join(f'{k}: {v}\r\n' for k, v in h) + extra.replace('\n', '\r\n')
    text += f'Content-Length: {len(body) if length is None else length}\r\n\r\n'
    return text.encode('utf-8', 'surrogateescape') + body
def sip_add(name, data):
    cases[('sip', name + '.sip')] = data.replace(b'hostile-imdn', ('h-sip-' + name).encode())
sip_add('cseq-not-a-number', sip(body=sip_cpim()).replace(b'CSeq: 1 MESSAGE', b'CSeq: lots MESSAGE'))
sip_add('cseq-method-mismatch', sip(body=sip_cpim()).replace(b'CSeq: 1 MESSAGE', b'CSeq: 1 INVITE'))
sip_add('missing-call-id', sip(body=sip_cpim(), drop=('Call-ID',)))
sip_add('missing-from', sip(body=sip_cpim(), drop=('From',)))
sip_add('missing-to', sip(body=sip_cpim(), drop=('To',)))
sip_add('missing-cseq', sip(body=sip_cpim(), drop=('CSeq',)))
sip_add('missing-conversation-id', sip(body=sip_cpim(), drop=('Conversation-ID',)))
sip_add('content-type-not-cpim', sip(body='hello\n', ctype='text/plain'))
sip_add('content-type-missing', sip(body=sip_cpim(), drop=('Content-Type',)))
sip_add('cpim-malformed', sip(body='no cpim headers here at all\n'))
sip_add('cpim-imdn-xxe', sip(body=crlf(cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:+33688888888@example.com>\nNS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: hostile-imdn\nDateTime: 2016-03-25T10:45:40+01:00\n",
                                                inner_ct='message/imdn+xml', content='<?xml version="1.0"?>\n<!DOCTYPE imdn [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&x;</message-id></imdn>\n'))))
sip_add('cpim-nul-in-header', sip(body=crlf(cpim(cpim_headers="From: <tel:+33677777777>\nTo: <sip:+33688888888@example.com>\nSubject: a\x00b\n"))))
sip_add('conversation-id-traversal', sip(body=sip_cpim()).replace(b'Conversation-ID: hostile-sip-conv', b'Conversation-ID: ../../+33622222222@example.com/INBOX'))
sip_add('contribution-id-star', sip(body=sip_cpim()).replace(b'Contribution-ID: hostile-sip-contrib', b'Contribution-ID: *'))
sip_add('from-garbage', sip(body=sip_cpim()).replace(b'From: <tel:+33677777777>;tag=h1', b'From: <!!!>;tag=h1'))
sip_add('request-uri-garbage', sip(body=sip_cpim(), ruri='not-a-uri'))
sip_add('request-uri-traversal', sip(body=sip_cpim(), ruri='sip:..%2F..%2Fetc@example.com'))
sip_add('unknown-cpm-delivery', sip(body=sip_cpim(), extra='CPM-Delivery: someday\n'))
sip_add('handover-expires-garbage', sip(body=sip_cpim(), extra='CPM-Delivery: deferred-handover\nExpires: never\n'))
sip_add('sip-version-3', sip(body=sip_cpim(), version='SIP/3.0'))
sip_add('method-invite', sip(body=sip_cpim(), method='INVITE'))
sip_add('body-over-max-message-size', sip(body=sip_cpim(content=('x' * 998 + '\n') * 40)))
sip_add('huge-header-line', sip(body=sip_cpim(), extra='Subject: ' + 's' * 30000 + '\n'))
sip_add('max-forwards-garbage', sip(body=sip_cpim()).replace(b'Max-Forwards: 70', b'Max-Forwards: -1x'))
sip_add('content-length-negative', sip(body=sip_cpim(), length=-5))
sip_add('content-length-not-a-number', sip(body=sip_cpim(), length='many'))
sip_add('content-length-short-udp', sip(body=sip_cpim(), length=10))
sip_add('content-length-long-udp', sip(body=sip_cpim(), length=5000))
sip_add('lf-only-line-ends', sip(body=sip_cpim()).replace(b'\r\n', b'\n'))
sip_add('header-without-colon', sip(body=sip_cpim(), extra='Garbage header line\n'))
sip_add('binary-garbage-udp', b'MESSAGE ' + bytes(random.Random(3).randrange(256) for _ in range(700)))

# ---- http-json: requests to the /cpm/v1 ingest routes with a pf token. First line: method and path, then request
# headers, a blank line and the body. Expected: 400, 413 or 415 with application/problem+json.
def http(path, body, ctype='application/json'):
    b = body if isinstance(body, bytes) else body.encode('utf-8')
    return (f'POST {path}\r\n' + (f'Content-Type: {ctype}\r\n' if ctype else '') + '\r\n').encode() + b
def http_add(name, data):
    cases[('http-json', name + '.http')] = data.replace(b'hostile-imdn', ('h-http-' + name).encode())
SM = '/cpm/v1/standalone-messages'
ok_sm = '{"from":"tel:+33677777777","to":["tel:+33688888888"],"conversationId":"hostile-hconv","contributionId":"hostile-hcontrib","imdnMessageId":"hostile-imdn","text":"hi"}'
http_add('truncated-json', http(SM, ok_sm[:50]))
http_add('empty-body', http(SM, ''))
http_add('array-not-object', http(SM, '[' + ok_sm + ']'))
http_add('json-null', http(SM, 'null'))
http_add('deep-nesting', http(SM, '[' * 20000 + ']' * 20000))
http_add('deep-nesting-in-member', http(SM, ok_sm[:-1] + ',"from":' + '[' * 120000 + ']' * 120000 + '}'))
http_add('over-max-object-size', http(SM, ok_sm.replace('"hi"', '"' + 'x' * 300000 + '"')))
http_add('content-type-text-plain', http(SM, ok_sm, ctype='text/plain'))
http_add('content-type-missing', http(SM, ok_sm, ctype=None))
http_add('content-type-xml', http(SM, '<x/>', ctype='application/xml'))
http_add('missing-from', http(SM, ok_sm.replace('"from":"tel:+33677777777",', '')))
http_add('missing-imdn-message-id', http(SM, ok_sm.replace('"imdnMessageId":"hostile-imdn",', '')))
http_add('from-wrong-type', http(SM, ok_sm.replace('"tel:+33677777777"', '12345')))
http_add('to-not-a-list', http(SM, ok_sm.replace('["tel:+33688888888"]', '{"a":1}')))
http_add('from-not-a-cpm-uri', http(SM, ok_sm.replace('tel:+33677777777', 'javascript:alert(1)')))
http_add('conversation-id-traversal', http(SM, ok_sm.replace('hostile-hconv', '../../+33622222222@example.com/INBOX')))
http_add('imdn-message-id-control-chars', http(SM, ok_sm.replace('hostile-imdn', 'a\\u0000b\\u001b')))
http_add('invalid-utf8', http(SM, ok_sm.encode().replace(b'"hi"', b'"\xff\xfe\xc3"')))
http_add('nan-and-comments', http(SM, '/* c */ {"from": NaN}'))
http_add('base64-invalid', http(SM, ok_sm.replace('"text":"hi"', '"base64":"!!!not base64!!!","contentType":"image/png"')))
http_add('disposition-unknown', http(SM, ok_sm[:-1] + ',"dispositionNotification":["explode"]}'))
http_add('date-not-rfc3339', http(SM, ok_sm[:-1] + ',"date":"yesterday"}'))
http_add('owners-other-users-domain', http(SM, ok_sm[:-1] + ',"owners":["../x"]}'))
http_add('huge-number', http(SM, ok_sm[:-1] + ',"date":1' + '0' * 5000 + '}'))
http_add('sessions-garbage', http('/cpm/v1/sessions', '{"contributionId":"*","from":1}'))
http_add('deferred-expires-garbage', http('/cpm/v1/deferred-messages', '{"from":"tel:+33677777777","to":"tel:+33688888888","conversationId":"c","imdnMessageId":"hostile-imdn","text":"x","expires":"never"}'))

import shutil
for category in {c for c, _ in cases}:
    shutil.rmtree(os.path.join(root, category), ignore_errors=True)
for (cat, name), data in cases.items():
    os.makedirs(os.path.join(root, cat), exist_ok=True)
    open(os.path.join(root, cat, name), 'wb').write(data)
for cat in sorted({c for c, _ in cases}):
    print(cat, sum(1 for c, _ in cases if c == cat))

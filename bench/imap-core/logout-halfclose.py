#!/usr/bin/env python3
"""Issue 21: does every LOGOUT get its goodbye? N sequential connections: greeting, LOGIN, LOGOUT, then the client
shuts down its sending side at once (its FIN right behind LOGOUT, as a client that is done does) and reads until
the server closes. Counts the connections whose answer lacks `* BYE` followed by the tagged OK.

Usage: logout-halfclose.py PORT USER PASSWORD [N=500] [--keep-open] [--append]   (any IMAP server on 127.0.0.1)
  --keep-open  do not shut down the sending side after LOGOUT (as Python's imaplib)
  --append     APPEND one 1 KiB message (synchronizing literal, literal and CRLF in two sends) before LOGOUT
"""
import socket, sys

port, user, password = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode()
flags = [a for a in sys.argv[4:] if a.startswith("--")]
numbers = [a for a in sys.argv[4:] if not a.startswith("--")]
n = int(numbers[0]) if numbers else 500
MESSAGE = b"Subject: logout check\r\n\r\n" + b"x" * 994 + b"\r\n"
missing = 0
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    f.readline()
    s.sendall(b"a LOGIN " + user + b" " + password + b"\r\n")
    while not f.readline().startswith(b"a "):
        pass
    if "--append" in flags:
        s.sendall(b"c APPEND INBOX {%d}\r\n" % len(MESSAGE))
        f.readline()
        s.sendall(MESSAGE)
        s.sendall(b"\r\n")
        while not f.readline().startswith(b"c "):
            pass
    s.sendall(b"b LOGOUT\r\n")
    if "--keep-open" not in flags:
        s.shutdown(socket.SHUT_WR)
    rest = b""
    try:
        rest = f.read()
    except OSError as e:
        rest += repr(e).encode()
    bye, ok = rest.find(b"* BYE"), rest.find(b"b OK")
    if bye < 0 or ok < bye:
        missing += 1
    s.close()
print("connections without * BYE then the tagged OK: %d of %d" % (missing, n))

#!/usr/bin/env python3
"""Writes a deterministic mbox of ordinary RFC 822 messages for imaptest's stress mode (mbox=...).

Usage: make-mbox.py OUT [COUNT]   (default 200 messages; same output for the same COUNT)
Plain text, multipart/alternative and messages with an attached message/rfc822, CRLF line ends.
"""
import random
import sys

NAMES = ["Alice Example", "Bob Builder", "Carol Jones", "Dave Smith", "Eve Adams", "Frank Moore"]
WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
         "et dolore magna aliqua history message store device client folder").split()


def address(rnd):
    name = rnd.choice(NAMES)
    return '"%s" <%s@example.%s>' % (name, name.split()[0].lower(), rnd.choice(["com", "org", "net"]))


def text(rnd, lines):
    return "\r\n".join(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 12))) for _ in range(lines))


def message(rnd, n):
    day = 1 + n % 28
    headers = [
        "From: %s" % address(rnd),
        "To: %s" % address(rnd),
        "Cc: %s" % address(rnd) if n % 3 == 0 else None,
        "Subject: %s %d" % (" ".join(rnd.choice(WORDS) for _ in range(3)), n),
        "Date: %s, %02d Nov 2026 %02d:%02d:00 +0000" % (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][n % 7],
                                                       day, n % 24, n % 60),
        "Message-ID: <stress-%d@example.com>" % n,
        "MIME-Version: 1.0",
    ]
    kind = n % 3
    if kind == 0:
        headers.append("Content-Type: text/plain; charset=us-ascii")
        body = text(rnd, rnd.randint(2, 30))
    elif kind == 1:
        headers.append('Content-Type: multipart/alternative; boundary="b%d"' % n)
        body = ("--b{0}\r\nContent-Type: text/plain\r\n\r\n{1}\r\n--b{0}\r\nContent-Type: text/html\r\n\r\n"
                "<p>{2}</p>\r\n--b{0}--").format(n, text(rnd, 5), text(rnd, 2))
    else:
        headers.append('Content-Type: multipart/mixed; boundary="m%d"' % n)
        inner = "From: %s\r\nSubject: inner %d\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\n%s" % (
            address(rnd), n, text(rnd, 3))
        body = ("--m{0}\r\nContent-Type: text/plain\r\n\r\n{1}\r\n--m{0}\r\nContent-Type: message/rfc822\r\n\r\n"
                "{2}\r\n--m{0}--").format(n, text(rnd, 4), inner)
    head = "\r\n".join(h for h in headers if h)
    # mbox: escape body lines starting with "From "
    body = "\r\n".join((">" + l) if l.startswith("From ") else l for l in body.split("\r\n"))
    return "From stress@example.com Mon Nov  2 10:00:00 2026\r\n%s\r\n\r\n%s\r\n\r\n" % (head, body)


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rnd = random.Random(21)
    with open(out, "w", newline="") as f:
        for n in range(1, count + 1):
            f.write(message(rnd, n))


if __name__ == "__main__":
    main()

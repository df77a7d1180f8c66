#!/usr/bin/env python3
"""Counts imaptest's "Error:" lines by kind (issue 21's classes). Usage: error-kinds.py IMAPTEST_OUTPUT..."""
import re
import sys

KINDS = [
    ("LITERAL+ lines read as commands (framing decoder)", re.compile(r"Unexpected tagged reply: From:|BAD failed\. Unknown command")),
    ("replayed tagged reply (framing decoder)", re.compile(r"Unexpected tagged reply")),
    ("seq too high", re.compile(r"seq too high")),
    ("keyword used before FLAGS", re.compile(r"Keyword used without being in FLAGS")),
    ("keyword dropped from FLAGS", re.compile(r"Keyword '.*' dropped")),
    ("NO ... Save failed (STORE/DELETE)", re.compile(r"Save failed")),
    ("NO SELECT processing failed", re.compile(r"SELECT processing failed")),
    ("BAD ... Invalid messageset (own command)", re.compile(r"(replied BAD|BAD reply for command).*Invalid messageset")),
    ("NO EXPUNGE processing failed", re.compile(r"EXPUNGE processing failed")),
    ("NO STORE processing failed", re.compile(r"STORE processing failed")),
    ("EXPUNGE of a message the client cannot know", re.compile(r"Referenced message expunged|Invalid untagged input: \* \d+ EXPUNGE")),
    ("content size changed (empty BODY)", re.compile(r"size changed")),
    ("\\Recent in several sessions", re.compile(r"Recent flag in multiple sessions")),
]


def main():
    for path in sys.argv[1:]:
        counts = {}
        total = 0
        with open(path, errors="replace") as f:
            for line in f:
                if "Error: " not in line:
                    continue
                total += 1
                kind = next((name for name, pattern in KINDS if pattern.search(line)), "other")
                counts[kind] = counts.get(kind, 0) + 1
        print("%s: %d errors" % (path, total))
        for name, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            print("  %6d  %s" % (count, name))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Sorts async-profiler's collapsed CPU stacks of an LMTP run (bench/ingest-lmtp/ap-profile.sh) into components,
each sample counted once (first rule that matches, in the order below), and prints the share and the ms per object
(samples x interval / objects). Then a few inclusive shares across components (javax.mail, H2, kernel...).

usage: ap-components.py FILE.collapsed OBJECTS [INTERVAL_US=200]
"""
import collections, re, sys

path, objects = sys.argv[1], int(sys.argv[2])
interval_ms = (int(sys.argv[3]) if len(sys.argv) > 3 else 200) / 1000.0

THREADS = [  # (component, thread-name pattern) for work off the LMTP connections
    ("text index (indexer threads, Lucene)", r"cpm-search-index"),
    ("JVM: GC, JIT, VM threads", r"VM Thread|C1 Compiler|C2 Compiler|GC |VM Periodic|^\[tid="),
    ("store maintenance", r"native-store-maintenance|MVStore background|cpm-state-maintenance"),
]
FRAMES = [  # (component, frame pattern) on the LMTP connections' threads
    ("announcements after the force (HeldAnnouncements)", r"HeldAnnouncements\."),
    ("the shared force (GroupForce: H2 chunk + fdatasync)", r"GroupForce\.complete|GroupCommit\.awaitForced"),
    ("store transaction (Transactor.write)", r"Transactor\.write"),
    ("the message read per owner (IncomingMessage)", r"IncomingMessage\."),
    ("append around the store (NativeMessageManager)", r"NativeMessageManager\.append"),
    ("Message-Direction per owner", r"MessageDirectionHeader\."),
    ("filing: session, folder, key (MailboxConversationStore)", r"MailboxConversationStore\."),
    ("FileIntoConversation (object bytes again, rest)", r"FileIntoConversation\."),
    ("ValidateCpmObject (bytes + inspection)", r"ValidateCpmObject\."),
    ("other cpm mailets and matchers", r"org/cpmmss/recording/"),
    ("James's mailet container (processors, MDC, metrics)", r"org/apache/james/mailetcontainer/"),
    ("LMTP door: the message built (MimeMessage, DATA lines)", r"DataLineJamesMessageHookHandler|MimeMessageInputStreamSource|MailImpl"),
    ("LMTP door: commands, replies, socket", r"org/apache/james/protocols/|io/netty/"),
]
INCLUSIVE = [
    ("javax.mail / James MimeMessage", r"^javax/mail/|org/apache/james/server/core/MimeMessage"),
    ("H2", r"^org/h2/"),
    ("kernel (syscalls)", r"entry_SYSCALL|do_syscall_64"),
    ("fdatasync/force", r"FileDispatcherImpl\.force"),
    ("Reactor", r"^reactor/"),
    ("mime4j", r"^org/apache/james/mime4j/"),
    ("MDC", r"MDC"),
]

comp = collections.Counter(); inc = collections.Counter(); total = 0
for line in open(path):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    n = int(n); total += n
    frames = stack.split(";")
    thread = frames[0]
    frames = [re.sub(r"_\[.\]$", "", f) for f in frames[1:]]
    for name, pat in INCLUSIVE:
        if any(re.search(pat, f) for f in frames):
            inc[name] += n
    if "lmtpserver" not in thread:
        for name, pat in THREADS:
            if re.search(pat, thread):
                comp[name] += n; break
        else:
            comp["other threads"] += n
        continue
    for name, pat in FRAMES:
        if any(re.search(pat, f) for f in frames):
            comp[name] += n; break
    else:
        comp["LMTP threads, other"] += n

order = [n for n, _ in THREADS] + [n for n, _ in FRAMES] + ["LMTP threads, other", "other threads"]
print("| component | share | ms/object |\n|---|---|---|")
for name in order:
    if comp[name]:
        print("| %s | %.1f %% | %.2f |" % (name, 100.0 * comp[name] / total, comp[name] * interval_ms / objects))
print("| **all** (%d samples) | 100 %% | **%.2f** |" % (total, total * interval_ms / objects))
print("\ninclusive (any thread):")
for name, _ in INCLUSIVE:
    print("  %-32s %5.1f %%  %.2f ms/object" % (name, 100.0 * inc[name] / total, inc[name] * interval_ms / objects))

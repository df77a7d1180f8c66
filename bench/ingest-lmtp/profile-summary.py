#!/usr/bin/env python3
"""Summarises a JFR CPU profile (jdk.ExecutionSample) of the ingestion path.

usage: profile-summary.py FILE.jfr [TOP=25]
Prints: the share of samples whose stack contains each place below (inclusive, rows overlap), each sample once
under the first category found in its stack (exclusive, sums to 100 %), the top self frames and the top inclusive
cpm-mss/James methods.
"""
import collections, json, subprocess, sys

PLACES = [  # (label, frame prefix): inclusive shares
    ("LMTP door + pipeline (LmtpDeliveryHandler.processExtensions)", "org.cpmmss.james.doors.LmtpDeliveryHandler.processExtensions"),
    ("James mailet container (MailProcessor.service)", "org.apache.james.mailetcontainer"),
    ("ValidateCpmObject (inspection)", "org.cpmmss.recording.pipeline.ValidateCpmObject"),
    ("RecordingGate", "org.cpmmss.recording.pipeline.RecordingGate"),
    ("ResolveConversationFolders", "org.cpmmss.recording.pipeline.ResolveConversationFolders"),
    ("FileIntoConversation", "org.cpmmss.recording.pipeline.FileIntoConversation"),
    ("MailboxConversationStore.storeOnce", "org.cpmmss.james.mailbox.conversation.MailboxConversationStore"),
    ("H2CpmStateStore (dedupe keys)", "org.cpmmss.james.state.H2CpmStateStore"),
    ("state pool force (ForcedStateFile)", "org.cpmmss.james.plumbing.ForcedStateFile"),
    ("StoreMessageManager.appendMessage", "org.apache.james.mailbox.store.StoreMessageManager.appendMessage"),
    ("EmbeddedMessageStore", "org.cpmmss.james.store.embedded.EmbeddedMessageStore"),
    ("GroupCommit.awaitForced", "org.cpmmss.james.plumbing.GroupCommit.awaitForced"),
    ("James event bus / listeners", "org.apache.james.events"),
    ("search index (Lucene)", "org.apache.lucene"),
    ("users/domains lookups (James)", "org.apache.james.user"),
    ("domain list", "org.apache.james.domainlist"),
    ("RCPT hooks (protocols smtp core)", "org.apache.james.protocols.smtp.core.RcptCmdHandler"),
    ("DATA line handling", "org.apache.james.protocols.smtp.core.DataLineMessageHookHandler"),
    ("MimeMessage parsing (javax.mail)", "javax.mail.internet.MimeMessage.parse"),
    ("MimeMessageCopyOnWriteProxy / MimeMessageWrapper", "org.apache.james.server.core.MimeMessage"),
    ("mime4j", "org.apache.james.mime4j"),
    ("H2 (any)", "org.h2"),
    ("OpenJPA", "org.apache.openjpa"),
    ("Netty", "io.netty"),
    ("Reactor", "reactor.core"),
    ("logging (logback/slf4j)", "ch.qos.logback"),
    ("metrics (dropwizard)", "com.codahale.metrics"),
    ("JIT/other threads: C2/GC are not Java samples", "##none##"),
]
CATEGORIES = [  # first match wins, each sample counted once
    ("Lucene", "org.apache.lucene"), ("H2 state DB", "org.cpmmss.james.state."), ("H2 store metadata", "org.cpmmss.james.store.embedded"),
    ("H2 other", "org.h2"), ("OpenJPA", "org.apache.openjpa"), ("mime4j", "org.apache.james.mime4j"),
    ("javax.mail", "javax.mail"), ("cpm inspection", "org.cpmmss.cpm."), ("cpm recording steps", "org.cpmmss.recording"),
    ("James mailbox store", "org.apache.james.mailbox"), ("James mailet container", "org.apache.james.mailetcontainer"),
    ("James events", "org.apache.james.events"), ("James protocols (LMTP/SMTP)", "org.apache.james.protocols"),
    ("other cpm-mss", "org.cpmmss"), ("Netty", "io.netty"), ("Reactor", "reactor."), ("logback", "ch.qos.logback"),
]


def frames(event):
    return ["%s.%s" % (f["method"]["type"]["name"].replace("/", "."), f["method"]["name"])
            for f in event["values"]["stackTrace"]["frames"]]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "400", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    stacks = [frames(e) for e in events if e["values"].get("stackTrace")]
    n = len(stacks)
    print("samples: %d" % n)
    print("\n| place (inclusive) | share |\n|---|---|")
    for label, prefix in PLACES:
        c = sum(1 for s in stacks if any(f.startswith(prefix) for f in s))
        if c:
            print("| %s | %.1f %% |" % (label, 100.0 * c / n))
    cat = collections.Counter()
    for s in stacks:
        for label, prefix in CATEGORIES:
            if any(f.startswith(prefix) for f in s):
                cat[label] += 1
                break
        else:
            cat["JDK/other"] += 1
    print("\n| first category in the stack (exclusive) | share |\n|---|---|")
    for label, c in cat.most_common():
        print("| %s | %.1f %% |" % (label, 100.0 * c / n))
    self_frames = collections.Counter(s[0] for s in stacks if s)
    print("\ntop self frames:")
    for f, c in self_frames.most_common(top):
        print("  %5.1f %%  %s" % (100.0 * c / n, f))
    incl = collections.Counter()
    for s in stacks:
        for f in set(s):
            if f.startswith("org.cpmmss") or f.startswith("org.apache.james"):
                incl[f] += 1
    print("\ntop inclusive cpm-mss/James methods:")
    for f, c in incl.most_common(top * 3):
        print("  %5.1f %%  %s" % (100.0 * c / n, f))


if __name__ == "__main__":
    main()

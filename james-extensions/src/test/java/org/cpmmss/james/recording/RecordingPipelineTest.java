package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.chat;
import static org.cpmmss.james.recording.CpmSamples.groupState;
import static org.cpmmss.james.recording.CpmSamples.sessionInfo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;

import org.awaitility.Awaitility;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recording pipeline end to end on one server with the default policy (rcs layout, incremental). */
class RecordingPipelineTest {
    static final String DOMAIN = "example.com";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.limits.max-file-size", "4096")
        .domain(DOMAIN)
        .build();

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    @Test
    void oneToOneChatIsRecordedIncrementallyForBothOwners() throws Exception {
        String alice = user("+33600000001");
        String bob = user("+33600000002");
        List<String> replies = lmtp(List.of(alice, bob),
            chat("tel:+33600000001", "tel:+33600000002", "conv-1", "contrib-1", "msg-1", "Hello Bob"));
        assertThat(replies).hasSize(2).allMatch(r -> r.startsWith("250"));
        assertThat(replies.get(0)).contains("stored in Default/tel:+33600000002");
        assertThat(replies.get(1)).contains("stored in Default/tel:+33600000001");

        try (CpmImap a = new CpmImap(server.imapPort(), alice); CpmImap b = new CpmImap(server.imapPort(), bob)) {
            List<String> sent = a.messages("Default/tel:+33600000002");
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0)).contains("\\Seen").contains("Message-Direction: sent").contains("Hello Bob");
            List<String> received = b.messages("Default/tel:+33600000001");
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).doesNotContain("\\Seen").contains("Message-Direction: received");

            // an IDLE client on Bob's conversation sees the next chat message at once
            b.imap.expectOk("SELECT " + b.quoted("Default/tel:+33600000001"));
            String tag = b.imap.nextTag();
            b.imap.send(tag + " IDLE\r\n");
            assertThat(b.imap.awaitLine(Pattern.compile("^\\+"), Duration.ofSeconds(5))).isNotNull();
            assertThat(lmtp(List.of(alice, bob), chat("tel:+33600000001", "tel:+33600000002", "conv-1", "contrib-1",
                "msg-2", "Still there?"))).allMatch(r -> r.startsWith("250"));
            assertThat(b.imap.awaitLine(Pattern.compile("^\\* 2 EXISTS"), Duration.ofSeconds(10))).isNotNull();
            b.imap.send("DONE\r\n");
            b.imap.readUntilTagged(tag);
        }
    }

    @Test
    void theObjectIsStoredByteForByteExceptMessageDirection() throws Exception {
        String carol = user("+33600000003");
        byte[] object = chat("tel:+33600000004", "tel:+33600000003", "conv-2", "contrib-2", "msg-bytes", "exact");
        assertThat(lmtp(List.of(carol), object)).allMatch(r -> r.startsWith("250"));
        try (CpmImap c = new CpmImap(server.imapPort(), carol)) {
            String fetched = c.messages("Default/tel:+33600000004").get(0);
            String expected = new String(object, java.nio.charset.StandardCharsets.UTF_8)
                .replace("IMDN-Message-ID: msg-bytes\r\n", "IMDN-Message-ID: msg-bytes\r\nMessage-Direction: received\r\n");
            assertThat(fetched).contains(expected);
            assertThat(fetched).doesNotContain("Received:").doesNotContain("Return-Path").doesNotContain("Delivered-To");
        }
    }

    @Test
    void groupChatKeepsEveryGroupStateObjectAndAReplySessionCarriesInReplyTo() throws Exception {
        String dave = user("+33600000010");
        String erin = user("+33600000011");
        List<String> owners = List.of(dave, erin);
        String folder = "Default/grp-conv/grp-s1";
        assertThat(lmtp(owners, sessionInfo("tel:+33600000010", "sip:conference-factory@example.com", "grp-conv", "grp-s1",
            "gs1-info", "Group", "tel:+33600000011;tel:+33600000012"))).allMatch(r -> r.startsWith("250") && r.contains(folder));
        assertThat(lmtp(owners, groupState("tel:+33600000011", "grp-conv", "grp-s1", "gso-1", "2016-03-25T10:00:00Z",
            "tel:+33600000010", "tel:+33600000011", "tel:+33600000012"))).allMatch(r -> r.startsWith("250") && r.contains(folder));
        assertThat(lmtp(owners, chat("tel:+33600000010", "sip:conference-factory@example.com", "grp-conv", "grp-s1",
            "gmsg-1", "Hi all"))).allMatch(r -> r.startsWith("250") && r.contains(folder));
        assertThat(lmtp(owners, groupState("tel:+33600000011", "grp-conv", "grp-s1", "gso-2", "2016-03-25T11:00:00Z",
            "tel:+33600000010", "tel:+33600000011"))).allMatch(r -> r.startsWith("250") && r.contains(folder));
        // a reply session in the same conversation
        String reply = "Default/grp-conv/grp-s2";
        assertThat(lmtp(owners, sessionInfo("tel:+33600000011", "sip:conference-factory@example.com", "grp-conv", "grp-s2",
            "gs2-info", "Group", "tel:+33600000010", "InReplyTo-Contribution-ID: grp-s1")))
            .allMatch(r -> r.startsWith("250") && r.contains(reply));
        try (CpmImap d = new CpmImap(server.imapPort(), dave)) {
            List<String> objects = d.messages(folder);
            assertThat(objects).hasSize(4);
            assertThat(objects.stream().filter(m -> m.contains("Application/group-state-object+xml"))).hasSize(2);
            assertThat(objects.get(0)).contains("Message-Direction: sent").contains("\\Seen");
            assertThat(objects.get(1)).contains("Message-Direction: received");
            assertThat(d.messages(reply).get(0)).contains("InReplyTo-Contribution-ID: grp-s1")
                .contains("Message-Direction: received");
        }
    }

    @Test
    void fileTransferWithTwoFilesKeepsTheBytes() throws Exception {
        String fred = user("+33600000020");
        String gina = user("+33600000021");
        byte[] one = new byte[1500];
        byte[] two = new byte[700];
        new java.util.Random(1).nextBytes(one);
        new java.util.Random(2).nextBytes(two);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("one.bin", one);
        files.put("two.bin", two);
        assertThat(lmtp(List.of(fred, gina), CpmSamples.fileTransfer("tel:+33600000020", "tel:+33600000021", "ft-conv",
            "ft-1", "ft-msg-1", files))).allMatch(r -> r.startsWith("250"));
        try (CpmImap g = new CpmImap(server.imapPort(), gina)) {
            String stored = g.messages("Default/tel:+33600000020").get(0);
            assertThat(stored).contains("Application/X-CPM-File-Transfer").contains("Message-Direction: received")
                .contains(Base64.getMimeEncoder().encodeToString(one)).contains(Base64.getMimeEncoder().encodeToString(two));
        }
        // a file above cpm.limits.max-file-size (4096 here) is refused with a clear reply, nothing stored
        List<String> tooBig = lmtp(List.of(fred), CpmSamples.fileTransfer("tel:+33600000020", "tel:+33600000021", "ft-conv",
            "ft-2", "ft-msg-2", Map.of("big.bin", new byte[5000])));
        assertThat(tooBig).singleElement().asString().startsWith("554").contains("cpm.limits.max-file-size");
        try (CpmImap f = new CpmImap(server.imapPort(), fred)) {
            assertThat(f.messages("Default/tel:+33600000021")).hasSize(1);
        }
    }

    @Test
    void standaloneMessageKeepsItsIds() throws Exception {
        String hank = user("+33600000030");
        byte[] standalone = chat("sip:alice@elsewhere.test", "tel:+33600000030", "sa-conv", "sa-contrib", "pager-1",
            "Are you coming?", "InReplyTo-Contribution-ID: sa-previous");
        assertThat(lmtp(List.of(hank), standalone)).allMatch(r -> r.startsWith("250"));
        try (CpmImap h = new CpmImap(server.imapPort(), hank)) {
            // the longest match: with James's '.' delimiter the SIP host's dots still make levels
            String folder = h.folders().stream().filter(f -> f.startsWith("Default/sip:alice"))
                .max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
            assertThat(h.messages(folder).get(0)).contains("Conversation-ID: sa-conv").contains("Contribution-ID: sa-contrib")
                .contains("InReplyTo-Contribution-ID: sa-previous").contains("Message-Direction: received");
        }
    }

    @Test
    void recordingOffByTheUsersMetadataStoresNothingAndAnswers250() throws Exception {
        String ivan = user("+33600000040");
        String judy = user("+33600000041");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), judy, "pw")) {
            List<String> invalid = imap.command("SETMETADATA INBOX (/private/vendor/cpm/recording \"maybe\")");
            assertThat(invalid.get(invalid.size() - 1)).matches("a\\d+ NO .*");
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\")");
        }
        List<String> replies = lmtp(List.of(ivan, judy), chat("tel:+33600000040", "tel:+33600000041", "off-conv", "off-1",
            "off-msg-1", "not for Judy's store"));
        assertThat(replies.get(0)).startsWith("250").contains("stored");
        assertThat(replies.get(1)).startsWith("250").contains("not recorded (policy)");
        try (CpmImap j = new CpmImap(server.imapPort(), judy)) {
            assertThat(j.totalMessages()).isZero();
            j.imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"on\")");
        }
        // the next object honours the new value
        assertThat(lmtp(List.of(judy), chat("tel:+33600000040", "tel:+33600000041", "off-conv", "off-1", "off-msg-2", "now")))
            .singleElement().asString().contains("stored");
    }

    @Test
    void aDuplicateIsAcknowledgedAndStoredOnce() throws Exception {
        String kate = user("+33600000050");
        byte[] object = chat("tel:+33600000051", "tel:+33600000050", "dup-conv", "dup-1", "dup-msg-1", "once");
        assertThat(lmtp(List.of(kate), object)).singleElement().asString().contains("stored");
        assertThat(lmtp(List.of(kate), object)).singleElement().asString().startsWith("250").contains("already stored");
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(kate), object)).singleElement().asString().startsWith("250");
        }
        Thread.sleep(1500);
        try (CpmImap k = new CpmImap(server.imapPort(), kate)) {
            assertThat(k.messages("Default/tel:+33600000051")).hasSize(1);
        }
    }

    @Test
    void smtpIsRecordedThroughTheQueue() throws Exception {
        String liam = user("+33600000060");
        String mona = user("+33600000061");
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(liam, mona), chat("tel:+33600000060", "tel:+33600000061",
                "smtp-conv", "smtp-1", "smtp-msg-1", "over SMTP"))).singleElement().asString().startsWith("250");
        }
        try (CpmImap m = new CpmImap(server.imapPort(), mona)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> m.folders().contains("Default/tel:+33600000060"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> m.messages("Default/tel:+33600000060").size() == 1);
            assertThat(m.messages("Default/tel:+33600000060").get(0)).contains("Message-Direction: received");
        }
    }

    @Test
    void malformedObjectsAndUnsafeIdsAreRefusedAndNothingIsStored() throws Exception {
        String nina = user("+33600000070");
        String oscar = user("+33600000071");
        byte[] badCpim = CpmSamples.bytes("From: tel:+33600000070\nTo: tel:+33600000071\nIMDN-Message-ID: bad-1\n"
            + "Content-Type: message/cpim\n\nthis is not CPIM\n");
        byte[] unsafe = chat("tel:+33600000070", "tel:+33600000071", "../escape", "c1", "bad-2", "x");
        byte[] wildcard = chat("tel:+33600000070", "tel:+33600000071", "conv", "c*", "bad-3", "x");
        byte[] badGso = CpmSamples.bytes("From: sip:anonymous@anonymous.invalid\nTo: tel:+33600000071\nConversation-ID: g\n"
            + "Contribution-ID: g\nIMDN-Message-ID: bad-4\nContent-Type: Application/group-state-object+xml\n\n"
            + "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><groupstate>&e;</groupstate>\n");
        for (byte[] object : List.of(badCpim, unsafe, wildcard, badGso)) {
            List<String> replies = lmtp(List.of(nina, oscar), object);
            assertThat(replies).hasSize(2).allMatch(r -> r.startsWith("554") && r.contains("refused"));
        }
        assertThat(lmtp(List.of(nina), unsafe).get(0)).contains("Conversation-ID contains '..'");

        // over SMTP the refused objects go to the cpm-refused repository, listed over WebAdmin with the reason
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(nina, oscar), unsafe)).singleElement().asString().startsWith("250");
        }
        // WebAdmin names a repository by its URL-encoded path, as GET /mailRepositories lists it
        String repository = java.net.URLEncoder.encode("var/mail/cpm-refused/", StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
            server.webAdmin().send("GET", "/mailRepositories/" + repository + "/mails", null).body().startsWith("[\""));
        HttpResponse<String> keys = server.webAdmin().send("GET", "/mailRepositories/" + repository + "/mails", null);
        String key = keys.body().replaceAll("[\\[\\]\"]", "").split(",")[0];
        HttpResponse<String> details = server.webAdmin().send("GET", "/mailRepositories/" + repository + "/mails/"
            + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8), null);
        assertThat(details.body()).contains("Conversation-ID contains '..'");
        assertThat(server.webAdmin().send("GET", "/mailRepositories", null).body()).contains("cpm-refused");

        try (CpmImap n = new CpmImap(server.imapPort(), nina); CpmImap o = new CpmImap(server.imapPort(), oscar)) {
            assertThat(n.totalMessages()).isZero();
            assertThat(o.totalMessages()).isZero();
        }
    }

    @Test
    void aNationalNumberIsRefusedWithoutACountryCode() throws Exception {
        String pia = user("+33600000080");
        List<String> replies = lmtp(List.of(pia), chat("tel:0600000081", "tel:+33600000080", "nat-conv", "nat-1",
            "nat-msg-1", "national"));
        assertThat(replies).singleElement().asString().startsWith("554")
            .contains("national number refused (no country code configured)");
        try (CpmImap p = new CpmImap(server.imapPort(), pia)) {
            assertThat(p.totalMessages()).isZero();
        }
    }
}

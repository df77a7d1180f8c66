package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.bytes;
import static org.cpmmss.james.recording.CpmSamples.sessionInfo;

import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group or 1-1 (design.md) through LMTP, read back over IMAP: a group object arriving before anything else of its
 * session is filed in the group folder, never in a 1-1 folder, by the RCS conventions (conference factory
 * {@code To}, {@code cpm.group.conference-factory-uris}, CPIM {@code To} anonymous with a real CPIM {@code From}).
 */
class GroupOrOneToOneTest {
    static final String DOMAIN = "example.com";
    static final String LISTED_GROUP_URI = "sip:chat-groups@groups.ims.example";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.group.conference-factory-uris", "sip:other-factory@ims.example, " + LISTED_GROUP_URI)
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

    /** A chat message with the given outer To and CPIM From/To. */
    static byte[] chat(String from, String to, String cpimFrom, String cpimTo, String conv, String contrib, String id) {
        return bytes("Date: Fri, 25 Mar 2016 11:02:13 +0100\n"
            + "From: " + from + "\n"
            + "To: " + to + "\n"
            + (conv == null ? "" : "Conversation-ID: " + conv + "\n")
            + "Contribution-ID: " + contrib + "\n"
            + "IMDN-Message-ID: " + id + "\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: message/cpim\n"
            + "\n"
            + "From: <" + cpimFrom + ">\n"
            + "To: <" + cpimTo + ">\n"
            + "NS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: " + id + "\n"
            + "DateTime: 2016-03-25T10:02:12Z\n"
            + "\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + "Saturday at 10?\n");
    }

    @Test
    void aGroupChatMessageArrivingFirstIsFiledInTheGroupFolderForEveryOwner() throws Exception {
        String originator = user("+14155550100");
        String member1 = user("+14155550101");
        String member2 = user("+14155550102");
        String group = "Default/gc-conv-1/gc-contrib-1";
        List<String> replies = lmtp(List.of(originator, member1, member2), chat("tel:+14155550100",
            "sip:Conference-Factory@ims.example", "tel:+14155550100", "sip:anonymous@anonymous.invalid",
            "gc-conv-1", "gc-contrib-1", "gc-msg-1"));
        assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in " + group));
        for (String owner : List.of(originator, member1, member2)) {
            try (CpmImap imap = new CpmImap(server.imapPort(), owner)) {
                assertThat(imap.folders()).contains(group)
                    .doesNotContain("Default/sip:Conference-Factory@ims.example", "Default/sip:conference-factory@ims.example",
                        "Default/tel:+14155550100");
                assertThat(imap.messages(group)).singleElement().asString().contains("Saturday at 10?")
                    .contains("Message-Direction: " + (owner.equals(originator) ? "sent" : "received"));
            }
        }
    }

    @Test
    void eachGroupConventionAloneMakesAnObjectGroup() throws Exception {
        String a = user("+14155550110");
        String b = user("+14155550111");
        String anonymous = "sip:anonymous@anonymous.invalid";
        // a Conference-Factory user part, CPIM anonymised both ways (no CPIM evidence)
        assertThat(lmtp(List.of(a, b), chat("tel:+14155550110", "sip:conference-factory@other.example", anonymous,
            anonymous, "gc-conv-2", "gc-contrib-2", "gc-msg-2")))
            .allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in Default/gc-conv-2/gc-contrib-2"));
        // a group session URI listed in cpm.group.conference-factory-uris
        assertThat(lmtp(List.of(a, b), chat("tel:+14155550110", LISTED_GROUP_URI, anonymous, anonymous,
            "gc-conv-3", "gc-contrib-3", "gc-msg-3")))
            .allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in Default/gc-conv-3/gc-contrib-3"));
        // the CPIM convention alone: the outer To names a member, the CPIM To is anonymous, the CPIM From real
        assertThat(lmtp(List.of(a, b), chat("tel:+14155550110", "tel:+14155550111", "tel:+14155550110", anonymous,
            "gc-conv-4", "gc-contrib-4", "gc-msg-4")))
            .allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in Default/gc-conv-4/gc-contrib-4"));
        // none of them: an unlisted SIP peer with anonymised CPIM is 1-1
        assertThat(lmtp(List.of(a), chat("tel:+14155550110", "sip:bob@elsewhere.example", anonymous, anonymous,
            "gc-conv-5", "gc-contrib-5", "gc-msg-5")))
            .singleElement().asString().startsWith("250").contains("stored in Default/sip:bob@elsewhere.example");
        // a session info claiming 1-1 but addressed to a conference factory is a group object all the same
        assertThat(lmtp(List.of(a, b), sessionInfo("tel:+14155550110", "sip:Conference-Factory@ims.example", "gc-conv-8",
            "gc-contrib-8", "gc-info-8", "1-1", "tel:+14155550111")))
            .allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in Default/gc-conv-8/gc-contrib-8"));
        try (CpmImap imap = new CpmImap(server.imapPort(), b)) {
            assertThat(imap.folders()).contains("Default/gc-conv-2/gc-contrib-2", "Default/gc-conv-3/gc-contrib-3",
                "Default/gc-conv-4/gc-contrib-4").doesNotContain("Default/tel:+14155550110");
        }
    }

    @Test
    void aGroupObjectThatCannotNameItsGroupFolderIsRefusedNotFiledAsOneToOne() throws Exception {
        String a = user("+14155550120");
        String b = user("+14155550121");
        List<String> replies = lmtp(List.of(a, b), chat("tel:+14155550120", "sip:Conference-Factory@ims.example",
            "tel:+14155550120", "sip:anonymous@anonymous.invalid", null, "gc-contrib-6", "gc-msg-6"));
        assertThat(replies).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("554").contains("Conversation-ID"));
        try (CpmImap imap = new CpmImap(server.imapPort(), b)) {
            assertThat(imap.totalMessages()).isZero();
        }
    }

    @Test
    void laterGroupEvidenceFilesTheNewObjectAsGroupAndMovesNothingAlreadyStored() throws Exception {
        String a = user("+14155550130");
        String b = user("+14155550131");
        // the session was recorded as 1-1
        assertThat(lmtp(List.of(a, b), sessionInfo("tel:+14155550130", "tel:+14155550131", "gc-conv-7", "gc-contrib-7",
            "gc-info-7", "1-1", "tel:+14155550131")))
            .allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in Default/tel:"));
        // then an object of the same Contribution-ID says group: filed in the group folder
        assertThat(lmtp(List.of(a, b), chat("tel:+14155550130", "sip:Conference-Factory@ims.example",
            "tel:+14155550130", "sip:anonymous@anonymous.invalid", "gc-conv-7", "gc-contrib-7", "gc-msg-7")))
            .allSatisfy(r -> assertThat(r).startsWith("250").contains("stored in Default/gc-conv-7/gc-contrib-7"));
        try (CpmImap imap = new CpmImap(server.imapPort(), b)) {
            assertThat(imap.messages("Default/tel:+14155550130")).singleElement().asString()
                .contains("Application/X-CPM-Session");
            assertThat(imap.messages("Default/gc-conv-7/gc-contrib-7")).singleElement().asString()
                .contains("Saturday at 10?");
        }
    }
}

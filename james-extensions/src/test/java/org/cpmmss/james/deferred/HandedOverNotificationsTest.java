package org.cpmmss.james.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Notifications and hand-overs through LMTP, read back over IMAP (aggregation on, GreenMail as the PF's relay):
 * a disposition notification handed over as deferred is a notification (ticks, first-wins, aggregation, filed beside
 * the reported message, not a temporary object); a handed-over chat message and its later display notification
 * land in the session folder; a hand-over refused for a recipient produces the negative delivery notification,
 * stored for the originator and relayed to the PF.
 */
class HandedOverNotificationsTest {
    static final String DOMAIN = "example.com";
    static final String HANDOVER = "CPM-Delivery: deferred-handover";
    static final int RELAY_PORT = CpmMssTestServer.freePort();

    static GreenMail pf;
    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            pf = new GreenMail(new ServerSetup(RELAY_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            pf.start();
        })
        .cpmProperty("cpm.notifications.aggregate", "true")
        .cpmProperty("cpm.notifications.outbound-relay", "127.0.0.1:" + RELAY_PORT)
        .domain(DOMAIN)
        .build();

    @AfterAll
    static void stopRelay() {
        pf.stop();
    }

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    /** {@code object} with {@code line} added after its IMDN-Message-ID header. */
    static byte[] with(byte[] object, String line) {
        String text = new String(object, StandardCharsets.UTF_8);
        int at = text.indexOf("\r\n", text.indexOf("IMDN-Message-ID:")) + 2;
        return (text.substring(0, at) + line + "\r\n" + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] displayed(String from, String to, String conv, String contrib, String id, String reported) {
        return CpmObjectSamples.notification(from, to, conv, contrib, id, reported, "display-notification", "displayed");
    }

    /** FETCH lines (flags and whole message) of a folder, read without setting \Seen. */
    static List<String> messages(String user, String folder) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, "pw")) {
            imap.expectOk("EXAMINE \"" + folder + "\"");
            return imap.expectOk("UID FETCH 1:* (FLAGS BODY.PEEK[])").stream()
                .filter(l -> l.matches("(?s)^\\* \\d+ FETCH .*")).toList();
        }
    }

    static String the(List<String> messages, String marker) {
        List<String> found = messages.stream().filter(m -> m.contains(marker)).toList();
        assertThat(found).as(marker + " in " + messages).hasSize(1);
        return found.get(0);
    }

    @Test
    void aHandedOverDisplayNotificationTicksTheSendersCopyAndIsStoredBesideIt() throws Exception {
        String ann = user("+33613000001");
        String ben = user("+33613000002");
        String annTel = "tel:+33613000001";
        String benTel = "tel:+33613000002";
        String folder = "Default/" + benTel;
        assertThat(lmtp(List.of(ann, ben), CpmObjectSamples.chat(annTel, benTel, "ho-conv-1", "ho-1", "ho-msg-1",
            "Lunch?"))).allMatch(r -> r.startsWith("250"));
        // Ann is offline, does not record and has deferred messages pushed: Ben's read report is handed over to her
        // store all the same (a notification is neither recording nor a message for her deferred queue)
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ann, "pw")) {
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\")");
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/deferred-delivery \"push\")");
        }
        List<String> replies = lmtp(List.of(ben, ann), with(displayed(benTel, annTel, "ho-conv-1", "ho-1",
            "ho-dsp-1", "ho-msg-1"), HANDOVER));
        assertThat(replies.get(0)).startsWith("250").contains("not recorded"); // the reporter's copy is not part of a hand-over
        assertThat(replies.get(1)).startsWith("250").contains("stored in " + folder);
        List<String> atAnn = messages(ann, folder);
        assertThat(the(atAnn, "Lunch?")).contains("$displayed");
        assertThat(the(atAnn, "<displayed/>")).contains("Message-Direction: received").contains("IMDN-Message-ID: ho-dsp-1")
            .doesNotContain("$cpm-temporary").doesNotContain("Expires:");

        // another of Ben's devices reports display too, handed over as well: first-wins suppresses it
        assertThat(lmtp(List.of(ann), with(displayed(benTel, annTel, "ho-conv-1", "ho-1", "ho-dsp-2", "ho-msg-1"),
            HANDOVER))).singleElement().asString().startsWith("250").contains("suppressed (first-wins)");
        assertThat(messages(ann, folder)).hasSize(2);
    }

    @Test
    void handedOverNotificationsOfAGroupChatAreAggregated() throws Exception {
        String cat = user("+33613000011");
        String catTel = "tel:+33613000011";
        String dan = "tel:+33613000012";
        String eve = "tel:+33613000013";
        String folder = "Default/ho-gconv/ho-g1";
        assertThat(lmtp(List.of(cat), CpmObjectSamples.chat(catTel, "sip:conference-factory@example.com", "ho-gconv",
            "ho-g1", "ho-gmsg-1", "Hi all"))).singleElement().asString().contains("stored in " + folder);
        for (String member : List.of(dan, eve)) {
            assertThat(lmtp(List.of(cat), with(CpmObjectSamples.notification(member, catTel, "ho-gconv", "ho-g1",
                "ho-gdlv-" + member, "ho-gmsg-1", "delivery-notification", "delivered"), HANDOVER)))
                .singleElement().asString().startsWith("250").contains(folder);
        }
        List<String> atCat = messages(cat, folder);
        assertThat(the(atCat, "Hi all")).contains("$delivered");
        assertThat(the(atCat, "CPM-Aggregate-Of: ho-gmsg-1")).contains("\"delivered\":[\"" + dan + "\",\"" + eve + "\"]")
            .doesNotContain("$cpm-temporary");
        assertThat(atCat).hasSize(2);
    }

    @Test
    void aHandedOverChatMessageAndItsLaterDisplayNotificationLandInTheSessionFolder() throws Exception {
        String fay = user("+33613000021");
        String gil = user("+33613000022");
        String fayTel = "tel:+33613000021";
        String gilTel = "tel:+33613000022";
        String folder = "Default/ho-sconv/ho-s1";
        byte[] session = CpmObjectSamples.bytes("Date: Fri, 25 Mar 2016 10:40:00 +0100\n"
            + "From: " + fayTel + "\nTo: sip:conference-factory@example.com\nSubject: a session\n"
            + "Conversation-ID: ho-sconv\nContribution-ID: ho-s1\nIMDN-Message-ID: ho-sinfo\nMIME-Version: 1.0\n"
            + "Content-Type: Application/X-CPM-Session\n\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<session><session-type>Group</session-type><invited-participants>" + gilTel + ";tel:+33613000023"
            + "</invited-participants></session>\n");
        assertThat(lmtp(List.of(fay, gil), session)).allSatisfy(r -> assertThat(r).contains("stored in " + folder));
        // Fay's own copy is recorded; Gil is offline: the PF hands the message over to his store
        byte[] chat = CpmObjectSamples.chat(fayTel, "sip:conference-factory@example.com", "ho-sconv", "ho-s1",
            "ho-smsg-1", "Who is coming?");
        assertThat(lmtp(List.of(fay), chat)).singleElement().asString().contains("stored in " + folder);
        assertThat(lmtp(List.of(gil), with(chat, HANDOVER))).singleElement().asString().contains("stored in " + folder);
        assertThat(the(messages(gil, folder), "Who is coming?")).contains("$cpm-temporary");
        // later Gil reads it; his device's display report is recorded for both
        List<String> replies = lmtp(List.of(gil, fay), displayed(gilTel, fayTel, "ho-sconv", "ho-s1", "ho-sdsp-1",
            "ho-smsg-1"));
        assertThat(replies).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("250").contains(folder));
        List<String> atGil = messages(gil, folder);
        assertThat(the(atGil, "<displayed/>")).contains("Message-Direction: sent");
        assertThat(the(atGil, "Who is coming?")).contains("$read-report-sent");
        List<String> atFay = messages(fay, folder);
        assertThat(the(atFay, "Who is coming?")).contains("$displayed");
        assertThat(the(atFay, "CPM-Aggregate-Of: ho-smsg-1")).contains("\"displayed\":[\"" + gilTel + "\"]");
    }

    @Test
    void aHandOverRefusedForTheRecipientProducesTheNegativeDeliveryNotification() throws Exception {
        String hal = user("+33613000031");
        String ida = user("+33613000032");
        String halTel = "tel:+33613000031";
        String idaTel = "tel:+33613000032";
        // a group chat message (conference factory) without Conversation-ID: no group folder can hold it, and a group
        // object is never filed in a 1-1 folder; it asks for negative-delivery
        byte[] groupChat = CpmObjectSamples.bytes("Date: Fri, 25 Mar 2016 10:45:41 +0100\n"
            + "From: " + halTel + "\nTo: sip:conference-factory@example.com\nContribution-ID: ho-n1\n"
            + "IMDN-Message-ID: ho-nmsg-1\n" + HANDOVER + "\nMIME-Version: 1.0\nContent-Type: message/cpim\n\n"
            + "From: <" + halTel + ">\nTo: <sip:anonymous@anonymous.invalid>\nNS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: ho-nmsg-1\nDateTime: 2016-03-25T10:45:40+01:00\n"
            + "imdn.Disposition-Notification: negative-delivery\n\nContent-Type: text/plain; charset=utf-8\n\nAnyone?\n");
        assertThat(lmtp(List.of(ida), groupChat)).singleElement().asString().startsWith("554")
            .contains("Conversation-ID");
        // the originator's store gets the IMDN <failed/> by Ida, and the PF gets it through the outbox
        List<String> atHal = messages(hal, "Default/" + idaTel);
        assertThat(the(atHal, "<failed/>")).contains("<message-id>ho-nmsg-1</message-id>").contains("From: " + idaTel)
            .contains("To: " + halTel);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(pf.getReceivedMessages())
            .map(GreenMailUtil::getWholeMessage)
            .anyMatch(m -> m.contains("<message-id>ho-nmsg-1</message-id>") && m.contains("<failed/>")));
        // the recipient's store holds nothing; a resend produces no second notification
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ida, "pw")) {
            assertThat(imap.expectOk("LIST \"\" \"Default/*\"")).noneMatch(l -> l.startsWith("* LIST"));
        }
        assertThat(lmtp(List.of(ida), groupChat)).singleElement().asString().startsWith("554");
        assertThat(messages(hal, "Default/" + idaTel)).hasSize(1);
    }
}

package org.cpmmss.recording.pipeline;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.VerdictRegistry;

/** CPM objects and {@link FakeMail}s for the pipeline steps' unit tests. */
final class Mails {
    static final String ALICE = "+33610000001@example.com";
    static final String BOB = "+33610000002@example.com";
    static final String CAROL = "+33610000003@example.com";
    static final String ALICE_URI = "tel:+33610000001";
    static final String BOB_URI = "tel:+33610000002";

    private Mails() {
    }

    /** A chat message object (message/cpim) with the given extra top-level header lines. */
    static String chat(String from, String to, String contribution, String imdnId, String text, String... extra) {
        StringBuilder h = new StringBuilder()
            .append("Date: Fri, 25 Mar 2016 10:45:41 +0100\r\n")
            .append("From: ").append(from).append("\r\n")
            .append("To: ").append(to).append("\r\n")
            .append("Conversation-ID: conv-1\r\n")
            .append("Contribution-ID: ").append(contribution).append("\r\n")
            .append("IMDN-Message-ID: ").append(imdnId).append("\r\n");
        for (String line : extra) {
            h.append(line).append("\r\n");
        }
        h.append("MIME-Version: 1.0\r\n")
            .append("Content-Type: message/cpim\r\n\r\n")
            .append("From: <sip:anonymous@anonymous.invalid>\r\n")
            .append("To: <sip:anonymous@anonymous.invalid>\r\n")
            .append("NS: imdn <urn:ietf:params:imdn>\r\n")
            .append("imdn.Message-ID: ").append(imdnId).append("\r\n")
            .append("DateTime: 2016-03-25T10:45:40+0100\r\n")
            .append("imdn.Disposition-Notification: positive-delivery, display\r\n\r\n")
            .append("Content-type: text/plain;charset=utf-8\r\n\r\n")
            .append(text).append("\r\n");
        return h.toString();
    }

    /** A delivery notification by {@code from} about {@code reported}, a message {@code to} sent. */
    static String delivered(String from, String to, String imdnId, String reported, String... extra) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">\r\n"
            + "<message-id>" + reported + "</message-id>\r\n<datetime>2016-03-25T10:46:00.000Z</datetime>\r\n"
            + "<delivery-notification><status><delivered/></status></delivery-notification>\r\n</imdn>\r\n";
        StringBuilder h = new StringBuilder()
            .append("Date: Fri, 25 Mar 2016 10:46:00 +0100\r\n")
            .append("From: ").append(from).append("\r\n")
            .append("To: ").append(to).append("\r\n")
            .append("Conversation-ID: conv-1\r\n")
            .append("Contribution-ID: contrib-1\r\n")
            .append("IMDN-Message-ID: ").append(imdnId).append("\r\n");
        for (String line : extra) {
            h.append(line).append("\r\n");
        }
        return h.append("MIME-Version: 1.0\r\n")
            .append("Content-Type: message/cpim\r\n\r\n")
            .append("From: <sip:anonymous@anonymous.invalid>\r\n")
            .append("To: <sip:anonymous@anonymous.invalid>\r\n")
            .append("NS: imdn <urn:ietf:params:imdn>\r\n")
            .append("imdn.Message-ID: ").append(imdnId).append("\r\n")
            .append("DateTime: 2016-03-25T10:46:00.000Z\r\n\r\n")
            .append("Content-type: message/imdn+xml\r\n")
            .append("Content-Disposition: notification\r\n\r\n")
            .append(xml).toString();
    }

    static FakeMail mail(String object, String... owners) throws MessagingException {
        return mail(object.getBytes(StandardCharsets.UTF_8), owners);
    }

    static FakeMail mail(byte[] object, String... owners) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(object));
        return FakeMail.builder().name("m" + System.nanoTime()).mimeMessage(message).recipients(owners).state(Mail.DEFAULT)
            .build();
    }

    /** A mail as a synchronous door submits it (verdicts recorded), already through {@link ValidateCpmObject}. */
    static FakeMail validated(CpmPolicy policy, VerdictRegistry outcomes, String object, String... owners)
            throws MessagingException {
        FakeMail mail = mail(object, owners);
        outcomes.open(mail);
        ValidateCpmObject validate = new ValidateCpmObject(policy, outcomes);
        validate.init(FakeMailetConfig.builder().mailetName("ValidateCpmObject").build());
        validate.service(mail);
        if (!Mail.DEFAULT.equals(mail.getState())) {
            throw new IllegalStateException("test object refused: " + mail.getErrorMessage());
        }
        return mail;
    }

    /** The owner's verdict among a closed submission's verdicts ({@link VerdictRegistry#close}); fails when none. */
    static OwnerVerdict verdict(OwnerVerdicts verdicts, String owner) {
        return verdicts.forOwner(owner).orElseThrow(() -> new AssertionError("no verdict for " + owner + " in " + verdicts));
    }

    static MailAddress address(String account) {
        try {
            return new MailAddress(account);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

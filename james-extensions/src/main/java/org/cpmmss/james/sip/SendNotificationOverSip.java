package org.cpmmss.james.sip;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Mailet: sends a notification object (message/cpim wrapping message/imdn+xml, addressed with CPM URIs in
 * its {@code From} and {@code To} headers) to the originator as a SIP MESSAGE through the PF configured in
 * {@code sip.outbound.pf} — the SIP alternative to relaying it over SMTP. On a 2xx answer the mail is done
 * (state ghost); any other answer or no answer is an error (the mail goes to the processor's error handling,
 * by default the error repository, and can be retried from there).
 *
 * <pre>{@code <mailet match="..." class="org.cpmmss.james.sip.SendNotificationOverSip"/>}</pre>
 */
public class SendNotificationOverSip extends GenericMailet {
    private final SipEndpoint endpoint;
    private final SipOutboundRoute route;

    @Inject
    public SendNotificationOverSip(SipEndpoint endpoint, SipOutboundRoute route) {
        this.endpoint = endpoint;
        this.route = route;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!endpoint.running() || !route.enabled()) {
            throw new MessagingException("the SIP outbound route is off (sip.outbound.pf is empty)");
        }
        MimeMessage message = mail.getMessage();
        if (message.getContentType() == null || !message.getContentType().toLowerCase().startsWith("message/cpim")) {
            throw new MessagingException("not a message/cpim notification: " + message.getContentType());
        }
        String from = header(message, "From").orElseThrow(() -> new MessagingException("notification without From"));
        String to = header(message, "To").orElseThrow(() -> new MessagingException("notification without To"));
        byte[] cpim;
        try (InputStream in = message.getRawInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            cpim = out.toByteArray();
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot read the notification", e);
        }
        int status;
        try {
            status = route.send(from, to, header(message, "Conversation-ID"), header(message, "Contribution-ID"), cpim);
        } catch (Exception e) {
            throw new MessagingException("SIP route to the PF failed: " + e, e);
        }
        if (status < 200 || status >= 300) {
            throw new MessagingException("the PF answered " + status + " to the notification");
        }
        mail.setState(Mail.GHOST);
    }

    private static Optional<String> header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, null);
        return Optional.ofNullable(value).map(String::trim).map(v -> v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v)
            .filter(v -> !v.isEmpty());
    }

    @Override
    public String getMailetInfo() {
        return "Sends a CPM notification to its originator over SIP through the PF";
    }
}

package org.cpmmss.james.outbound;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * Hands a stored CPM object (its exact bytes: headers and body are not rewritten, no Message-ID is added) to an
 * SMTP relay of the PF side — the outbound route for notifications and interworked messages. Synchronous: returns
 * once the relay accepted the message for every recipient, throws {@link RelayException} otherwise.
 */
public class SmtpRelay {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final RelayTarget target;
    private final String envelopeFrom;
    /** Made once per relay: making a javax.mail session scans the classpath's jars for its resource files. */
    private final Session session;

    public SmtpRelay(RelayTarget target, String envelopeFrom) {
        this.target = target;
        this.envelopeFrom = envelopeFrom;
        Properties props = new Properties();
        props.put("mail.smtp.host", target.host());
        props.put("mail.smtp.port", String.valueOf(target.port()));
        props.put("mail.smtp.from", envelopeFrom);
        props.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        props.put("mail.smtp.timeout", String.valueOf(TIMEOUT_MILLIS));
        props.put("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MILLIS));
        this.session = Session.getInstance(props);
    }

    public RelayTarget target() {
        return target;
    }

    /** Relays {@code object} to {@code recipients} (envelope addresses, {@code local@domain}). */
    public void send(byte[] object, List<String> recipients) throws RelayException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipient to relay to");
        }
        InternetAddress[] rcpts = new InternetAddress[recipients.size()];
        try {
            for (int i = 0; i < rcpts.length; i++) {
                rcpts[i] = new InternetAddress(recipients.get(i), true);
            }
        } catch (AddressException e) {
            throw new RelayException("cannot relay to " + recipients + ": " + e.getMessage(), e);
        }
        try {
            Transport.send(unchanged(object), rcpts);
        } catch (MessagingException e) {
            throw new RelayException("relay " + target + " refused or failed: " + e.getMessage(), e);
        }
    }

    private MimeMessage unchanged(byte[] object) throws RelayException {
        try {
            return new MimeMessage(session, new ByteArrayInputStream(object)) {
                @Override
                protected void updateMessageID() {
                    // the object keeps its own headers
                }

                @Override
                protected void updateHeaders() {
                    // nor are MIME headers recomputed: the bytes go out as stored
                }
            };
        } catch (MessagingException e) {
            throw new RelayException("not a message: " + e.getMessage(), e);
        }
    }

    /** The relay did not take the message (connection, refusal, timeout, bad address). */
    public static class RelayException extends Exception {
        public RelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

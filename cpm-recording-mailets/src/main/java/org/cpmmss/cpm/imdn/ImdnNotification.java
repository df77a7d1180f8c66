package org.cpmmss.cpm.imdn;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.xml.SafeXml;
import org.cpmmss.cpm.xml.XmlElement;
import org.cpmmss.cpm.xml.XmlText;

/**
 * An IMDN document ({@code message/imdn+xml}, RFC 5438).
 *
 * @param messageId id of the message reported on
 * @param dateTime when that message was sent (the {@code datetime} element)
 * @param recipientUri optional {@code recipient-uri}
 * @param originalRecipientUri optional {@code original-recipient-uri}
 * @param subject optional {@code subject}
 * @param kind delivery, display or processing notification
 * @param status the reported status, one allowed for the kind
 */
public record ImdnNotification(String messageId, OffsetDateTime dateTime, Optional<String> recipientUri,
                               Optional<String> originalRecipientUri, Optional<String> subject,
                               NotificationKind kind, ImdnStatus status) {
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:imdn";
    public static final String CONTENT_TYPE = "message/imdn+xml";

    public ImdnNotification {
        Objects.requireNonNull(messageId);
        Objects.requireNonNull(dateTime);
        Objects.requireNonNull(recipientUri);
        Objects.requireNonNull(originalRecipientUri);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(status);
        if (!kind.allows(status)) {
            throw new IllegalArgumentException(status + " is not a status of a " + kind.element());
        }
    }

    public static ImdnNotification of(String messageId, OffsetDateTime dateTime, NotificationKind kind, ImdnStatus status) {
        return new ImdnNotification(messageId, dateTime, Optional.empty(), Optional.empty(), Optional.empty(), kind, status);
    }

    public static ImdnNotification parse(byte[] xml) throws CpmFormatException {
        return parse(xml, SafeXml.defaults());
    }

    /** Parses and validates an IMDN document: root {@code imdn}, message-id, datetime, one notification with a valid status. */
    public static ImdnNotification parse(byte[] xml, SafeXml parser) throws CpmFormatException {
        XmlElement root = parser.parse(xml);
        if (!root.localName().equals("imdn") || !(root.namespace().isEmpty() || root.namespace().equals(NAMESPACE))) {
            throw new CpmFormatException("IMDN: root element must be imdn in " + NAMESPACE);
        }
        String messageId = root.childText("message-id")
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new CpmFormatException("IMDN: message-id is missing"));
        String dt = root.childText("datetime")
                .orElseThrow(() -> new CpmFormatException("IMDN: datetime is missing"));
        OffsetDateTime dateTime = CpmDates.parseDateTime(dt);
        NotificationKind kind = null;
        XmlElement notification = null;
        for (NotificationKind k : NotificationKind.values()) {
            Optional<XmlElement> e = root.child(k.element());
            if (e.isPresent()) {
                if (kind != null) {
                    throw new CpmFormatException("IMDN: more than one notification element");
                }
                kind = k;
                notification = e.get();
            }
        }
        if (kind == null) {
            throw new CpmFormatException("IMDN: no delivery-, display- or processing-notification element");
        }
        XmlElement statusElement = notification.child("status")
                .orElseThrow(() -> new CpmFormatException("IMDN: status is missing"));
        if (statusElement.children().size() != 1) {
            throw new CpmFormatException("IMDN: status must hold exactly one element");
        }
        String statusName = statusElement.children().get(0).localName();
        ImdnStatus status = null;
        for (ImdnStatus s : ImdnStatus.values()) {
            if (s.element().equals(statusName)) {
                status = s;
            }
        }
        if (status == null || !kind.allows(status)) {
            throw new CpmFormatException("IMDN: status \"" + shorten(statusName) + "\" is not valid in a " + kind.element());
        }
        return new ImdnNotification(messageId, dateTime, root.childText("recipient-uri"),
                root.childText("original-recipient-uri"), root.childText("subject"), kind, status);
    }

    /** Writes the document (UTF-8, RFC 3339 datetime). */
    public byte[] toXml() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
        b.append("<imdn xmlns=\"").append(NAMESPACE).append("\">\r\n");
        b.append("  <message-id>").append(XmlText.escape(messageId)).append("</message-id>\r\n");
        b.append("  <datetime>").append(CpmDates.formatDateTime(dateTime)).append("</datetime>\r\n");
        recipientUri.ifPresent(v -> b.append("  <recipient-uri>").append(XmlText.escape(v)).append("</recipient-uri>\r\n"));
        originalRecipientUri.ifPresent(v -> b.append("  <original-recipient-uri>").append(XmlText.escape(v))
                .append("</original-recipient-uri>\r\n"));
        subject.ifPresent(v -> b.append("  <subject>").append(XmlText.escape(v)).append("</subject>\r\n"));
        b.append("  <").append(kind.element()).append("><status><").append(status.element()).append("/></status></")
                .append(kind.element()).append(">\r\n");
        b.append("</imdn>\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

package org.cpmmss.james.imap.conformance;

import java.util.Optional;

import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.SectionType;

/**
 * The body sections of RFC 3501 6.4.5 that address into or through a {@code message/rfc822} part, where James's
 * builder answers with the wrong bytes or none: {@code BODY[n]} of such a part is the whole embedded message,
 * {@code n.HEADER}, {@code n.HEADER.FIELDS}, {@code n.TEXT} are the embedded message's header and body,
 * {@code n.m} numbers the embedded message's parts (its body being part 1 when it is not multipart), and children
 * of {@code multipart/digest} are {@code message/rfc822} by default. Sections that do not involve a
 * {@code message/rfc822} part are left to James ({@link #content} is empty for them).
 */
final class EmbeddedMessageSections {
    private final MimeEntity message;

    EmbeddedMessageSections(byte[] stored) {
        this.message = MimeEntity.message(stored);
    }

    /** True when the element names a part path (only those may need correcting). */
    static boolean mayNeedCorrection(BodyFetchElement element) {
        return element.getPath() != null && element.getPath().length > 0;
    }

    /** The section's bytes (before any partial range), when it involves a message/rfc822 part. */
    Optional<byte[]> content(BodyFetchElement element) {
        int[] path = element.getPath();
        MimeEntity current = message;
        boolean involvesMessage = false;
        for (int i = 0; i < path.length; i++) {
            MimeEntity container = current;
            if (i > 0 && current.isMessage()) {
                container = current.embedded();
                involvesMessage = true;
            }
            Optional<MimeEntity> next;
            if (container.isMultipart()) {
                next = container.child(path[i]);
            } else {
                next = path[i] == 1 ? Optional.of(container) : Optional.empty();
            }
            if (next.isEmpty()) {
                return involvesMessage ? Optional.of(new byte[0]) : Optional.empty();
            }
            current = next.get();
            involvesMessage |= current.isMessage();
        }
        if (!involvesMessage) {
            return Optional.empty();
        }
        return section(current, element);
    }

    private static Optional<byte[]> section(MimeEntity part, BodyFetchElement element) {
        SectionType type = element.getSectionType();
        switch (type) {
            case CONTENT:
                return Optional.of(part.body());
            case MIME:
                return Optional.of(part.header());
            default:
                break;
        }
        if (!part.isMessage()) {
            return Optional.empty();
        }
        MimeEntity embedded = part.embedded();
        switch (type) {
            case HEADER:
                return Optional.of(embedded.header());
            case TEXT:
                return Optional.of(embedded.body());
            case HEADER_FIELDS:
                return Optional.of(fields(embedded, element, true));
            case HEADER_NOT_FIELDS:
                return Optional.of(fields(embedded, element, false));
            default:
                return Optional.empty();
        }
    }

    private static byte[] fields(MimeEntity embedded, BodyFetchElement element, boolean keep) {
        byte[] header = embedded.header();
        return HeaderFields.parse(header, 0, header.length).select(element.getFieldNames(), keep);
    }
}

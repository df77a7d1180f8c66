package org.cpmmss.cpm.object;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.ContentType;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;

/** A stored object (one IMAP message): its exact bytes, parsed header set and body. */
public final class StoredObject {
    /**
     * The javax.mail session every {@link #toMimeMessage} parses with: made once, because making one scans the
     * classpath's jars for javax.mail's resource files (18 % of the HTTP door's CPU when made per object).
     */
    private static final Session PARSING_SESSION = Session.getInstance(new Properties());

    private final MimePart part;
    private final CpmObjectHeaders headers;

    private StoredObject(MimePart part) {
        this.part = part;
        this.headers = CpmObjectHeaders.from(part.headerBlock());
    }

    public static StoredObject parse(byte[] raw) throws CpmFormatException {
        return parse(raw, MimeLimits.DEFAULT);
    }

    /** Parses the header block of an object (a header-only object is accepted: empty body). */
    public static StoredObject parse(byte[] raw, MimeLimits limits) throws CpmFormatException {
        MimePart p = MimePart.parse(raw, limits, "stored object");
        if (p.headers().isEmpty()) {
            throw new CpmFormatException("stored object has no header");
        }
        return new StoredObject(p);
    }

    /**
     * Writes an object: the header set in its fixed order, {@code MIME-Version: 1.0}, the given
     * Content-Type and (if not null) Content-Transfer-Encoding, an empty line and the body. CRLF line ends.
     */
    public static StoredObject create(CpmObjectHeaders headers, String contentType, String transferEncoding,
                                      byte[] body) throws CpmFormatException {
        List<HeaderField> fields = new ArrayList<>(headers.fields());
        fields.add(new HeaderField(CpmHeaders.MIME_VERSION, "1.0"));
        fields.add(new HeaderField(CpmHeaders.CONTENT_TYPE, contentType));
        if (transferEncoding != null) {
            fields.add(new HeaderField(CpmHeaders.CONTENT_TRANSFER_ENCODING, transferEncoding));
        }
        return new StoredObject(MimePart.of(fields, body));
    }

    public byte[] bytes() {
        return part.bytes();
    }

    public int size() {
        return part.size();
    }

    public MimePart part() {
        return part;
    }

    public CpmObjectHeaders headers() {
        return headers;
    }

    public ContentType contentType() {
        return part.contentType();
    }

    public byte[] body() {
        return part.body();
    }

    /** The same bytes as a javax.mail message (e.g. to put in a mailet {@code Mail}). */
    public MimeMessage toMimeMessage() throws CpmFormatException {
        try {
            return new MimeMessage(PARSING_SESSION, new ByteArrayInputStream(part.bytes()));
        } catch (MessagingException e) {
            throw new CpmFormatException("javax.mail cannot read the object: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredObject s && Arrays.equals(part.bytes(), s.part.bytes());
    }

    @Override
    public int hashCode() {
        return part.hashCode();
    }

    @Override
    public String toString() {
        return "StoredObject[" + part.header("Content-Type").orElse("?") + ", " + part.size() + " bytes]";
    }
}

package org.cpmmss.cpm.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;

/**
 * A MIME entity (a whole stored object or one body part): its header fields and its body, keeping the
 * exact bytes it was read from.
 */
public final class MimePart {
    private final byte[] raw;
    private final HeaderBlock headers;

    private MimePart(byte[] raw, HeaderBlock headers) {
        this.raw = raw;
        this.headers = headers;
    }

    /** Parses an entity; a header block without body (end of input) is accepted. */
    public static MimePart parse(byte[] raw, MimeLimits limits, String what) throws CpmFormatException {
        if (raw.length > limits.maxObjectBytes()) {
            throw new CpmFormatException(what + ": larger than " + limits.maxObjectBytes() + " bytes");
        }
        byte[] copy = raw.clone();
        return new MimePart(copy, HeaderBlock.parse(copy, 0, limits, true, what));
    }

    /** Builds an entity from fields and a body, written with CRLF line ends. */
    public static MimePart of(List<HeaderField> fields, byte[] body) throws CpmFormatException {
        return of(fields, body, MimeLimits.DEFAULT);
    }

    static MimePart of(List<HeaderField> fields, byte[] body, MimeLimits limits) throws CpmFormatException {
        StringBuilder b = new StringBuilder();
        for (HeaderField f : fields) {
            HeaderValues.requireSafe(f.name(), f.value());
            b.append(f.line()).append("\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return parse(all, limits, "MIME entity");
    }

    public HeaderBlock headerBlock() {
        return headers;
    }

    public List<HeaderField> headers() {
        return headers.fields();
    }

    public Optional<String> header(String name) {
        return headers.first(name);
    }

    public ContentType contentType() {
        return ContentType.parse(header("Content-Type").orElse(null));
    }

    /** The Content-ID without angle brackets, if any. */
    public Optional<String> contentId() {
        return header("Content-ID").map(MimePart::stripAngles);
    }

    static String stripAngles(String s) {
        String t = s.trim();
        if (t.startsWith("<") && t.endsWith(">") && t.length() >= 2) {
            return t.substring(1, t.length() - 1).trim();
        }
        return t;
    }

    /** The exact bytes of the entity. */
    public byte[] bytes() {
        return raw.clone();
    }

    public int size() {
        return raw.length;
    }

    /** The body as stored (still transfer-encoded). */
    public byte[] body() {
        return Arrays.copyOfRange(raw, headers.end(), raw.length);
    }

    /** The body with its Content-Transfer-Encoding undone (7bit, 8bit, binary and base64). */
    public byte[] decodedBody() throws CpmFormatException {
        String cte = header("Content-Transfer-Encoding").orElse("7bit").trim().toLowerCase(Locale.ROOT);
        switch (cte) {
            case "7bit", "8bit", "binary":
                return body();
            case "base64":
                try {
                    return Base64.getMimeDecoder().decode(body());
                } catch (IllegalArgumentException e) {
                    throw new CpmFormatException("invalid base64 body: " + e.getMessage(), e);
                }
            default:
                throw new CpmFormatException("unsupported Content-Transfer-Encoding: " + HeaderBlock.shorten(cte));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MimePart p && Arrays.equals(raw, p.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "MimePart[" + header("Content-Type").orElse("?") + ", " + raw.length + " bytes]";
    }
}

package org.cpmmss.james.search.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The searchable text of one body part, decoded in its declared charset: {@code text/*}, XML payloads
 * ({@code application/xml}, any {@code +xml} type: IMDN notifications, file-transfer descriptors, group state),
 * {@code message/cpim} (RFC 3862: the CPIM headers, the encapsulated MIME headers and, when it is text or XML,
 * the encapsulated content in the charset its own Content-Type declares, UTF-8 by default) and other
 * {@code message/*} parts. Other media (images, audio, octet streams) have no text.
 */
public final class PayloadText {
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);

    private PayloadText() {
    }

    /** Text of a part given its media type ("text/plain"), declared charset (or null) and decoded bytes. */
    public static Optional<String> of(String mimeType, String charset, byte[] content) {
        String type = mimeType == null ? "text/plain" : mimeType.toLowerCase(Locale.ROOT);
        if ("message/cpim".equals(type)) {
            return Optional.of(cpim(content));
        }
        if (isText(type)) {
            return Optional.of(new String(content, charset(charset)));
        }
        if (type.startsWith("message/")) {
            return Optional.of(new String(content, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    static boolean isText(String type) {
        return type.startsWith("text/") || type.endsWith("+xml") || type.endsWith("/xml");
    }

    static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            Charset charset = Charset.forName(name.trim());
            // 8-bit text labelled US-ASCII is common; UTF-8 reads the same ASCII and keeps the rest
            return charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** CPIM headers, encapsulated MIME headers, then the encapsulated content as text when it is text. */
    static String cpim(byte[] content) {
        int[] cursor = {0};
        String cpimHeaders = headerBlock(content, cursor);
        String mimeHeaders = headerBlock(content, cursor);
        StringBuilder text = new StringBuilder(cpimHeaders).append('\n').append(mimeHeaders).append('\n');
        String contentType = "text/plain";
        String charset = null;
        for (String line : mimeHeaders.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
                String value = line.substring(colon + 1).trim();
                contentType = value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                Matcher m = CHARSET.matcher(value);
                charset = m.find() ? m.group(1) : null;
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(content, Math.min(cursor[0], content.length), content.length);
        if (isText(contentType)) {
            text.append(new String(rest, charset(charset)));
        }
        return text.toString();
    }

    /** The lines from the cursor up to the next empty line (UTF-8), the cursor left after that empty line. */
    private static String headerBlock(byte[] content, int[] cursor) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int i = cursor[0];
        while (i < content.length) {
            int end = i;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int lineEnd = end > i && content[end - 1] == '\r' ? end - 1 : end;
            int next = Math.min(end + 1, content.length);
            if (lineEnd == i) {
                cursor[0] = next;
                return block.toString(StandardCharsets.UTF_8);
            }
            block.write(content, i, lineEnd - i);
            block.write('\n');
            i = next;
        }
        cursor[0] = content.length;
        return block.toString(StandardCharsets.UTF_8);
    }
}

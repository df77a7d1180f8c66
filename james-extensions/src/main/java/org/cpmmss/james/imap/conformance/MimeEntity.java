package org.cpmmss.james.imap.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One MIME entity inside a stored message's bytes (RFC 2045/2046): where its header and body are, its content type,
 * its children when multipart, the message it carries when {@code message/rfc822}. Nothing is copied: offsets
 * into the message's bytes. Lines may end with CRLF or LF.
 */
final class MimeEntity {
    private static final Pattern TYPE = Pattern.compile("^\\s*([^\\s;/]+)\\s*/\\s*([^\\s;]+)");
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(\"([^\"]*)\"|[^\\s;]+)");

    private final byte[] data;
    private final int start;
    private final int bodyStart;
    private final int end;
    private final String type;
    private final String boundary;

    private MimeEntity(byte[] data, int start, int end, String defaultType) {
        this.data = data;
        this.start = start;
        this.end = end;
        this.bodyStart = bodyStart(data, start, end);
        String contentType = HeaderFields.parse(data, start, bodyStart).value("Content-Type").orElse(null);
        Matcher matcher = contentType == null ? null : TYPE.matcher(contentType);
        if (matcher != null && matcher.find()) {
            this.type = (matcher.group(1) + "/" + matcher.group(2)).toLowerCase(Locale.US);
        } else {
            this.type = defaultType;
        }
        Matcher boundaryMatcher = contentType == null ? null : BOUNDARY.matcher(contentType);
        this.boundary = boundaryMatcher != null && boundaryMatcher.find()
            ? (boundaryMatcher.group(2) != null ? boundaryMatcher.group(2) : boundaryMatcher.group(1)) : null;
    }

    /** The whole stored message. */
    static MimeEntity message(byte[] data) {
        return new MimeEntity(data, 0, data.length, "text/plain");
    }

    boolean isMultipart() {
        return type.startsWith("multipart/") && boundary != null;
    }

    boolean isMessage() {
        return type.equals("message/rfc822");
    }

    /** The message a {@code message/rfc822} entity carries (its body). */
    MimeEntity embedded() {
        return new MimeEntity(data, bodyStart, end, "text/plain");
    }

    /** Child {@code number} (from 1) of a multipart entity. */
    Optional<MimeEntity> child(int number) {
        List<MimeEntity> children = children();
        return number >= 1 && number <= children.size() ? Optional.of(children.get(number - 1)) : Optional.empty();
    }

    private List<MimeEntity> children() {
        String childType = type.equals("multipart/digest") ? "message/rfc822" : "text/plain";
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<MimeEntity> children = new ArrayList<>();
        int partStart = -1;
        int line = bodyStart;
        while (line < end) {
            int lineEnd = lineEnd(data, line, end);
            if (startsWith(data, line, lineEnd, delimiter)) {
                int after = line + delimiter.length;
                boolean close = after + 1 < lineEnd && data[after] == '-' && data[after + 1] == '-';
                int rest = close ? after + 2 : after;
                if (isBlank(data, rest, lineEnd)) {
                    if (partStart >= 0) {
                        children.add(new MimeEntity(data, partStart, lineBreakBefore(data, partStart, line), childType));
                    }
                    if (close) {
                        return children;
                    }
                    partStart = next(data, lineEnd, end);
                }
            }
            line = next(data, lineEnd, end);
        }
        if (partStart >= 0 && partStart < end) {
            children.add(new MimeEntity(data, partStart, end, childType));
        }
        return children;
    }

    byte[] header() {
        return slice(start, bodyStart);
    }

    byte[] body() {
        return slice(bodyStart, end);
    }

    private byte[] slice(int from, int to) {
        byte[] copy = new byte[Math.max(0, to - from)];
        System.arraycopy(data, from, copy, 0, copy.length);
        return copy;
    }

    /** Offset just past the empty line ending the header (or {@code end}, a header without body). */
    private static int bodyStart(byte[] data, int start, int end) {
        int line = start;
        while (line < end) {
            int lineEnd = lineEnd(data, line, end);
            if (lineEnd == line) {
                return next(data, lineEnd, end);
            }
            line = next(data, lineEnd, end);
        }
        return end;
    }

    /** Offset of the CR or LF ending the line at {@code line}, or {@code end}. */
    private static int lineEnd(byte[] data, int line, int end) {
        int i = line;
        while (i < end && data[i] != '\n' && data[i] != '\r') {
            i++;
        }
        return i;
    }

    /** Offset of the line after the line break at {@code lineEnd}. */
    private static int next(byte[] data, int lineEnd, int end) {
        if (lineEnd < end && data[lineEnd] == '\r') {
            lineEnd++;
        }
        if (lineEnd < end && data[lineEnd] == '\n') {
            lineEnd++;
        }
        return lineEnd;
    }

    /** The line break before a boundary line belongs to the boundary (RFC 2046 5.1.1). */
    private static int lineBreakBefore(byte[] data, int partStart, int boundaryLine) {
        int i = boundaryLine;
        if (i > partStart && data[i - 1] == '\n') {
            i--;
        }
        if (i > partStart && data[i - 1] == '\r') {
            i--;
        }
        return i;
    }

    private static boolean startsWith(byte[] data, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] != ' ' && data[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}

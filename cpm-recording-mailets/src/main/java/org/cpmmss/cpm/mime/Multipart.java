package org.cpmmss.cpm.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.cpmmss.cpm.CpmFormatException;

/** Splits and writes multipart bodies (RFC 2046) without touching the bytes of the parts. */
public final class Multipart {
    private Multipart() {
    }

    /** Splits a multipart body into its parts; preamble and epilogue are ignored. */
    public static List<MimePart> split(byte[] body, String boundary, MimeLimits limits) throws CpmFormatException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new CpmFormatException("multipart boundary missing or longer than 70 characters");
        }
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<MimePart> parts = new ArrayList<>();
        int pos = findDelimiter(body, delim, 0);
        if (pos < 0) {
            throw new CpmFormatException("multipart body has no boundary line \"--" + HeaderBlock.shorten(boundary) + "\"");
        }
        while (true) {
            int after = pos + delim.length;
            if (after + 2 <= body.length && body[after] == '-' && body[after + 1] == '-') {
                return parts;
            }
            int lineEnd = HeaderBlock.indexOf(body, (byte) '\n', after);
            if (lineEnd < 0) {
                throw new CpmFormatException("multipart body truncated after a boundary line");
            }
            for (int i = after; i < lineEnd; i++) {
                if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                    throw new CpmFormatException("garbage after a multipart boundary");
                }
            }
            int start = lineEnd + 1;
            int next = findDelimiter(body, delim, start);
            if (next < 0) {
                throw new CpmFormatException("multipart body not closed by \"--" + HeaderBlock.shorten(boundary) + "--\"");
            }
            int end = next;
            if (end > start && body[end - 1] == '\n') {
                end--;
                if (end > start && body[end - 1] == '\r') {
                    end--;
                }
            }
            if (parts.size() >= limits.maxParts()) {
                throw new CpmFormatException("more than " + limits.maxParts() + " body parts");
            }
            parts.add(MimePart.parse(Arrays.copyOfRange(body, start, end), limits, "body part " + (parts.size() + 1)));
            pos = next;
        }
    }

    /** Index of the next delimiter line at or after {@code from} (at the start of a line). */
    private static int findDelimiter(byte[] body, byte[] delim, int from) {
        outer:
        for (int i = from; i + delim.length <= body.length; i++) {
            if (i != 0 && body[i - 1] != '\n') {
                continue;
            }
            for (int j = 0; j < delim.length; j++) {
                if (body[i + j] != delim[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Writes the parts as a multipart body with CRLF line ends; the boundary must not occur in any part. */
    public static byte[] join(List<MimePart> parts, String boundary) throws CpmFormatException {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (MimePart p : parts) {
            byte[] bytes = p.bytes();
            if (findDelimiter(bytes, delim, 0) >= 0) {
                throw new CpmFormatException("a body part contains the multipart boundary " + boundary);
            }
            out.writeBytes(delim);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(delim);
        out.writeBytes("--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A fresh boundary unlikely to occur in content. */
    public static String newBoundary() {
        return "cpm-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
    }
}

package org.cpmmss.recording.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import javax.mail.internet.MailDateFormat;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmHeaders;

/** The temporary-object marker and the byte-level shaping of a handed-over object. */
public final class TemporaryObjects {
    /** IMAP keyword of a temporary (handed-over, never accessed) object. */
    public static final String KEYWORD = "$cpm-temporary";
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private TemporaryObjects() {
    }

    /** True when the object's top-level {@code CPM-Delivery} is {@code deferred-handover}. */
    public static boolean isHandOver(byte[] raw) {
        try {
            HeaderBlock block = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
            return block.first(CpmHeaders.CPM_DELIVERY)
                .map(v -> v.trim().equalsIgnoreCase(CpmHeaders.DELIVERY_DEFERRED_HANDOVER)).orElse(false);
        } catch (CpmFormatException e) {
            return false;
        }
    }

    /**
     * The expiry: the object's {@code Expires} (RFC 5322 date) capped at now + max, else now + default.
     * An unparsable {@code Expires} counts as absent.
     */
    public static Instant expiry(byte[] raw, Clock clock, Duration expiryDefault, Duration expiryMax) throws CpmFormatException {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // = what Expires can say
        HeaderBlock block = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
        Optional<Instant> asked = block.first(CpmHeaders.EXPIRES).flatMap(TemporaryObjects::parseDate);
        Instant cap = now.plus(expiryMax);
        return asked.map(a -> a.isAfter(cap) ? cap : a).orElse(now.plus(expiryDefault));
    }

    public static Optional<Instant> parseDate(String value) {
        try {
            return Optional.of(new MailDateFormat().parse(value.trim()).toInstant());
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static String format(Instant t) {
        return RFC_5322.format(t.atOffset(ZoneOffset.UTC));
    }

    /**
     * The stored shape: {@code Expires} set to {@code expiry} (replacing the submitted one in place, else added
     * at the end of the header), and in a message/cpim body (identity transfer encoding) the CPIM positive-delivery
     * request removed. Every other byte is kept.
     */
    public static byte[] shape(byte[] raw, Instant expiry) throws CpmFormatException {
        byte[] withExpiry = withExpires(raw, expiry);
        HeaderBlock block = HeaderBlock.parse(withExpiry, 0, MimeLimits.DEFAULT, true, "object header");
        boolean cpim = block.first(CpmHeaders.CONTENT_TYPE)
            .map(v -> v.trim().toLowerCase(Locale.ROOT).startsWith("message/cpim")).orElse(false);
        String cte = block.first(CpmHeaders.CONTENT_TRANSFER_ENCODING).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("7bit");
        if (!cpim || !(cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary"))) {
            return withExpiry;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(withExpiry.length);
        out.write(withExpiry, 0, block.end());
        out.writeBytes(CpimMessage.parse(java.util.Arrays.copyOfRange(withExpiry, block.end(), withExpiry.length))
            .withoutPositiveDeliveryRequest().bytes());
        return out.toByteArray();
    }

    /**
     * The object with {@code Expires} set to {@code expiry}: the submitted field replaced in place, else added at the
     * end of the header. Every other byte is kept.
     */
    public static byte[] withExpires(byte[] raw, Instant expiry) throws CpmFormatException {
        HeaderBlock block = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
        String eol = block.fields().isEmpty() || (block.fieldEnd(0) >= 2 && raw[block.fieldEnd(0) - 2] == '\r') ? "\r\n" : "\n";
        byte[] field = (CpmHeaders.EXPIRES + ": " + format(expiry) + eol).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + field.length);
        int position = 0;
        boolean written = false;
        for (int i = 0; i < block.fields().size(); i++) {
            int start = block.fieldStart(i);
            int end = block.fieldEnd(i);
            out.write(raw, position, start - position);
            if (block.fields().get(i).is(CpmHeaders.EXPIRES)) {
                if (!written) {
                    out.writeBytes(field);
                    written = true;
                }
            } else {
                out.write(raw, start, end - start);
            }
            position = end;
        }
        if (!written) {
            out.writeBytes(field);
        }
        out.write(raw, position, raw.length - position);
        return out.toByteArray();
    }

    static boolean is(HeaderField f, String name) {
        return f.is(name);
    }
}

package org.cpmmss.recording;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmHeaders;

/**
 * Sets {@code Message-Direction} in an object's bytes and changes nothing else: an existing field is
 * replaced in place (further occurrences are removed), otherwise the field is added after
 * {@code IMDN-Message-ID} (or at the top). Line ends follow the object's own (CRLF or LF).
 */
public final class MessageDirectionHeader {
    private MessageDirectionHeader() {
    }

    public static byte[] apply(byte[] raw, String direction) throws CpmFormatException {
        HeaderBlock block = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
        String eol = usesCrlf(raw, block) ? "\r\n" : "\n";
        byte[] field = (CpmHeaders.MESSAGE_DIRECTION + ": " + direction + eol).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + field.length);
        int existing = -1;
        int anchor = -1;
        for (int i = 0; i < block.fields().size(); i++) {
            if (block.fields().get(i).is(CpmHeaders.MESSAGE_DIRECTION) && existing < 0) {
                existing = i;
            }
            if (block.fields().get(i).is(CpmHeaders.IMDN_MESSAGE_ID) && anchor < 0) {
                anchor = i;
            }
        }
        int position = 0;
        for (int i = 0; i < block.fields().size(); i++) {
            int start = block.fieldStart(i);
            int end = block.fieldEnd(i);
            out.write(raw, position, start - position);
            if (block.fields().get(i).is(CpmHeaders.MESSAGE_DIRECTION)) {
                if (i == existing) {
                    out.writeBytes(field);
                }
            } else {
                out.write(raw, start, end - start);
                if (existing < 0 && i == anchor) {
                    out.writeBytes(field);
                }
            }
            position = end;
        }
        if (existing < 0 && anchor < 0) {
            ByteArrayOutputStream withTop = new ByteArrayOutputStream(raw.length + field.length);
            withTop.writeBytes(field);
            withTop.write(raw, 0, raw.length);
            return withTop.toByteArray();
        }
        out.write(raw, position, raw.length - position);
        return out.toByteArray();
    }

    private static boolean usesCrlf(byte[] raw, HeaderBlock block) {
        if (block.fields().isEmpty()) {
            return true;
        }
        int end = block.fieldEnd(0);
        return end >= 2 && raw[end - 2] == '\r';
    }
}

package org.cpmmss.james.deferred.queue;

import org.cpmmss.recording.port.DeferredQueue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmHeaders;

/** Reading a queued object: its message/cpim body, as a client is pushed it. */
public final class DeferredQueueEntries {
    private DeferredQueueEntries() {
    }

    /** The body of an identity-encoded {@code message/cpim} object; empty for any other kind of object. */
    public static Optional<byte[]> cpimBody(DeferredQueue.Entry entry) {
        byte[] raw = entry.object();
        try {
            HeaderBlock block = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
            boolean cpim = block.first(CpmHeaders.CONTENT_TYPE)
                .map(v -> v.trim().toLowerCase(Locale.ROOT).startsWith(CpmHeaders.CONTENT_TYPE_CPIM)).orElse(false);
            String cte = block.first(CpmHeaders.CONTENT_TRANSFER_ENCODING).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("7bit");
            if (!cpim || !(cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary"))) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOfRange(raw, block.end(), raw.length));
        } catch (CpmFormatException e) {
            return Optional.empty();
        }
    }
}

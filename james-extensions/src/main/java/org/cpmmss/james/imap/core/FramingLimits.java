package org.cpmmss.james.imap.core;

import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.util.Size;

/**
 * The limits the IMAP command framer applies, read from the same keys of {@code imapserver.xml} that James's own
 * framer honoured: {@code maxLineLength} (longest command line, octets), {@code inMemorySizeLimit} (a literal
 * larger than this is spilled to a temporary file instead of kept in memory; 0 = never spill) and
 * {@code literalSizeLimit} (largest literal accepted; 0 = no limit other than 2 GiB - 1).
 */
public record FramingLimits(int maxLineLength, long inMemorySizeLimit, long literalSizeLimit) {
    /** Literals are handed to James's parsers with an {@code int} size: nothing larger can be accepted. */
    public static final long LARGEST_LITERAL = Integer.MAX_VALUE;

    public static FramingLimits from(HierarchicalConfiguration<ImmutableNode> configuration) {
        int maxLineLength = configuration.getInt("maxLineLength", IMAPServer.DEFAULT_MAX_LINE_LENGTH);
        long inMemory = size(configuration, "inMemorySizeLimit").orElse(IMAPServer.DEFAULT_IN_MEMORY_SIZE_LIMIT.asBytes());
        long literal = size(configuration, "literalSizeLimit").orElse((long) IMAPServer.DEFAULT_LITERAL_SIZE_LIMIT);
        return new FramingLimits(maxLineLength, inMemory, literal);
    }

    private static Optional<Long> size(HierarchicalConfiguration<ImmutableNode> configuration, String key) {
        return Optional.ofNullable(configuration.getString(key, null)).map(Size::parse).map(Size::asBytes);
    }

    /** The largest literal the server takes: the configured limit, or {@link #LARGEST_LITERAL} when none is set. */
    public long effectiveLiteralLimit() {
        return literalSizeLimit > 0 ? Math.min(literalSizeLimit, LARGEST_LITERAL) : LARGEST_LITERAL;
    }

    /** True when a literal of this size is written to a temporary file rather than held in memory. */
    public boolean spills(long literalSize) {
        return inMemorySizeLimit > 0 && literalSize > inMemorySizeLimit;
    }
}

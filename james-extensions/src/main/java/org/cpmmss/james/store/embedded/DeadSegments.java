package org.cpmmss.james.store.embedded;

/**
 * Deletes a sealed segment once no blob lives in it. Safe against writers in flight: a transaction that wrote to the
 * segment pins it until it ends, and no new pin can appear on a sealed segment, so "not pinned" checked before a
 * fresh read that finds no blob row means that no committed or future row can point into it.
 */
final class DeadSegments {
    private final Transactor transactor;
    private final SegmentLog segments;

    DeadSegments(Transactor transactor, SegmentLog segments) {
        this.transactor = transactor;
        this.segments = segments;
    }

    /** Deletes the segment if it is sealed, not pinned and holds no blob; returns whether it was deleted. */
    boolean deleteIfDead(long segment) {
        if (segment >= segments.activeSegment() || segments.isPinned(segment)) {
            return false;
        }
        boolean empty = transactor.read(tx -> BlobCatalog.isEmpty(tx.connection(), segment));
        return empty && segments.deleteIfSealed(segment);
    }
}

package org.cpmmss.james.plumbing;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Gives back the free space of an H2 file whose chunks are compacted online (the metadata database, the state
 * databases): H2 moves up to a bound of its last chunks into the free space and truncates the file
 * ({@code RandomAccessStore.compactMoveChunks}; writers wait meanwhile). H2's {@code MVStore.compactFile}, used
 * before, moves chunks only after a pass of chunk rewriting found work, which the online compaction leaves it none of:
 * the file stayed at its high-water mark (docs/store.md, docs/benchmarks.md "Sixteenth session"). The caller forces
 * the file afterwards.
 */
public final class ChunkMoves {
    private ChunkMoves() {
    }

    /**
     * Moves up to {@code maxMoveBytes} of chunks forward when less than {@code minUsedPercent} of the file is used;
     * returns whether it ran.
     */
    public static boolean shrink(MVStore store, int minUsedPercent, long maxMoveBytes) {
        if (store.getFillRate() >= minUsedPercent || !(store.getFileStore() instanceof RandomAccessStore file)) {
            return false;
        }
        file.compactMoveChunks(minUsedPercent, maxMoveBytes, store);
        return true;
    }
}

package org.cpmmss.james.plumbing;

import java.io.IOException;

import org.h2.mvstore.MVStore;

/**
 * Lets H2 write over the space of a dead chunk only once the commit that made it dead is forced to disk, so that
 * the database files can run with {@code RETENTION_TIME=0} (dead chunks reused at once) without trusting a clock.
 *
 * <p>H2 frees a chunk whose pages are all dead once its retention time has passed and no reader still uses a version
 * it belongs to. The retention time was our only guard for the order "new chunk durable, then old chunk
 * overwritten": a chunk overwritten before the chunk that replaced it is on disk leaves, after a power loss, neither
 * copy. With 1 s of retention the freshly dead chunks of the last second — about half of {@code meta.mv.db} under a
 * mixed load (docs/benchmarks.md, "Issue 22: metadata churn") — were kept for nothing, and a force slower than 1 s
 * (an overloaded disk) was not covered. Here the guard holds one H2 version usage
 * ({@link MVStore#registerVersionUsage}, the mechanism H2 uses for open transactions) taken before the last forced
 * chunk was written: no chunk that died
 * at or after that version can be freed. {@link #writeAndForce} takes a new usage, writes the chunk, forces the file
 * and only then lets go of the previous usage: the chunks that died before the forced chunk become reusable, the
 * ones that died with it wait for the next force.</p>
 */
public final class ChunkReuseGuard {
    private MVStore pinnedStore;
    private MVStore.TxCounter pin;

    /** The work that writes a chunk and forces the file. */
    public interface ForcedWrite {
        void run() throws IOException;
    }

    /**
     * Pins the current version of {@code store}, runs {@code write} (which writes its chunk and forces the file), then
     * releases the version pinned by the previous call: the chunks it kept are now dead in forced chunks. When
     * {@code write} fails the previous pin stays (nothing new is known to be on disk).
     */
    public synchronized void writeAndForce(MVStore store, ForcedWrite write) throws IOException {
        MVStore.TxCounter next = store.registerVersionUsage();
        boolean forced = false;
        try {
            write.run();
            forced = true;
        } finally {
            if (forced) {
                MVStore.TxCounter previous = pin;
                MVStore previousStore = pinnedStore;
                pin = next;
                pinnedStore = store;
                if (previous != null && previousStore == store) {
                    store.deregisterVersionUsage(previous); // a store opened again has no use of the old pin
                }
            } else {
                store.deregisterVersionUsage(next);
            }
        }
    }

    /**
     * Lets go of the pinned version before {@code store} closes (H2 expects no version in use at a close; a close
     * writes and syncs its last chunk itself).
     */
    public synchronized void release(MVStore store) {
        if (pin != null && pinnedStore == store) {
            store.deregisterVersionUsage(pin);
        }
        pin = null;
        pinnedStore = null;
    }

    /**
     * Pins the current version of a store that was just opened (its file is as forced as it will get: what was read
     * from it is on disk), so that nothing dies unguarded before the first {@link #writeAndForce}.
     */
    public synchronized void opened(MVStore store) {
        if (pinnedStore == store) {
            return;
        }
        pin = store.registerVersionUsage();
        pinnedStore = store;
    }
}

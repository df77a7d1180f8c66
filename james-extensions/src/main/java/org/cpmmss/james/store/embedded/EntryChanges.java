package org.cpmmss.james.store.embedded;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded store's {@link org.cpmmss.james.store.api.MailStorage#entriesGeneration()}: counted after every
 * committed (or failed: it may have committed) write of a folder's METADATA entries, rename or deletion of a folder.
 * A reader that saw the same generation before and after its read may keep what it read until the generation moves.
 */
final class EntryChanges {
    private final AtomicLong generation = new AtomicLong();

    long generation() {
        return generation.get();
    }

    void changed() {
        generation.incrementAndGet();
    }
}

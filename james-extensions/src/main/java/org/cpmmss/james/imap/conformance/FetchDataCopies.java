package org.cpmmss.james.imap.conformance;

import org.apache.james.imap.api.message.FetchData;

/**
 * A FetchData rebuilt from another: its items, CHANGEDSINCE and VANISHED, without its body sections (the caller adds
 * them, peeking or not). Not {@code FetchData.Builder.from}: it adds MODSEQ to every copy, which makes James treat the
 * FETCH as CONDSTORE-enabling.
 */
final class FetchDataCopies {
    private FetchDataCopies() {
    }

    static FetchData.Builder itemsOf(FetchData fetch) {
        FetchData.Builder copy = FetchData.builder().vanished(fetch.getVanished());
        for (FetchData.Item item : FetchData.Item.values()) {
            if (fetch.contains(item)) {
                copy.fetch(item);
            }
        }
        if (fetch.getChangedSince() != -1) {
            copy.changedSince(fetch.getChangedSince());
        }
        return copy;
    }
}

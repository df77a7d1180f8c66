package org.cpmmss.james.store.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalLong;

/**
 * What SELECT/EXAMINE tells a client about a folder, read in one pass over its metadata rows (no message bytes):
 * the allocators (last UID, highest MODSEQ) and every message's UID with its system flags, in UID order, kept as
 * two primitive arrays. The counts SELECT reports (EXISTS, unseen, first unseen, recent) are derived from the same
 * read, so they agree with each other and with the UID set.
 */
public final class FolderSelection {
    private final long lastUid;
    private final long highestModSeq;
    private final long[] uids;
    private final int[] systemFlags;
    private final long unseen;
    private final long firstUnseen;
    private final int recent;

    private FolderSelection(long lastUid, long highestModSeq, long[] uids, int[] systemFlags) {
        this.lastUid = lastUid;
        this.highestModSeq = highestModSeq;
        this.uids = uids;
        this.systemFlags = systemFlags;
        long unseenCount = 0;
        long first = 0;
        int recentCount = 0;
        for (int i = 0; i < uids.length; i++) {
            if ((systemFlags[i] & FlagState.SEEN) == 0) {
                unseenCount++;
                if (first == 0) {
                    first = uids[i];
                }
            }
            if ((systemFlags[i] & FlagState.RECENT) != 0) {
                recentCount++;
            }
        }
        this.unseen = unseenCount;
        this.firstUnseen = first;
        this.recent = recentCount;
    }

    public long lastUid() {
        return lastUid;
    }

    public long highestModSeq() {
        return highestModSeq;
    }

    public int messages() {
        return uids.length;
    }

    public long unseen() {
        return unseen;
    }

    /** The lowest UID without {@code \Seen}. */
    public OptionalLong firstUnseen() {
        return firstUnseen == 0 ? OptionalLong.empty() : OptionalLong.of(firstUnseen);
    }

    /** How many messages carry {@code \Recent}. */
    public int recent() {
        return recent;
    }

    /** The UIDs in ascending order (a copy). */
    public long[] uids() {
        return uids.clone();
    }

    /** The UID at a 0-based position. */
    public long uid(int index) {
        return uids[index];
    }

    /** The UIDs carrying {@code \Recent}, ascending. */
    public long[] recentUids() {
        long[] out = new long[recent];
        int n = 0;
        for (int i = 0; i < uids.length && n < recent; i++) {
            if ((systemFlags[i] & FlagState.RECENT) != 0) {
                out[n++] = uids[i];
            }
        }
        return out;
    }

    /** Collects one read's rows, in UID order. */
    public static final class Builder {
        private final long lastUid;
        private final long highestModSeq;
        private long[] uids = new long[64];
        private int[] flags = new int[64];
        private int size;
        private boolean sorted = true;

        public Builder(long lastUid, long highestModSeq) {
            this.lastUid = lastUid;
            this.highestModSeq = highestModSeq;
        }

        /**
         * One message row. Rows normally come in ascending UID order (the folder's key order, as the embedded store
         * reads them without a sort); any other order is sorted once in {@link #build}.
         */
        public Builder add(long uid, int systemFlags) {
            if (size > 0 && uid <= uids[size - 1]) {
                sorted = false;
            }
            if (size == uids.length) {
                uids = Arrays.copyOf(uids, size * 2);
                flags = Arrays.copyOf(flags, size * 2);
            }
            uids[size] = uid;
            flags[size] = systemFlags;
            size++;
            return this;
        }

        public FolderSelection build() {
            long[] u = Arrays.copyOf(uids, size);
            int[] f = Arrays.copyOf(flags, size);
            if (!sorted) {
                Integer[] order = new Integer[size];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, Comparator.comparingLong(i -> uids[i]));
                for (int i = 0; i < size; i++) {
                    u[i] = uids[order[i]];
                    f[i] = flags[order[i]];
                    if (i > 0 && u[i] == u[i - 1]) {
                        throw new IllegalArgumentException("UID " + u[i] + " twice");
                    }
                }
            }
            return new FolderSelection(lastUid, highestModSeq, u, f);
        }
    }
}

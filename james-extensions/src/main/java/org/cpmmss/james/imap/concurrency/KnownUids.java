package org.cpmmss.james.imap.concurrency;

import java.util.Arrays;

/**
 * The UIDs a client knows in its selected folder, ascending, in a primitive array: its sequence numbers are the
 * positions plus one. A FETCH or STORE answer looks up one number per message (a CHANGEDSINCE resync 200), and the
 * list of {@code MessageUid} objects it replaces cost a boxed comparison per probe and 16 bytes per message more.
 * Not thread-safe: {@link ClientViewMailbox} guards it.
 */
final class KnownUids {
    private long[] uids = new long[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The UID at {@code index} (0-based). */
    long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return uids[index];
    }

    /** Adds a UID above every one known. */
    void add(long uid) {
        if (size > 0 && uid <= uids[size - 1]) {
            throw new IllegalArgumentException("UID " + uid + " is not above " + uids[size - 1]);
        }
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, size * 2);
        }
        uids[size++] = uid;
    }

    /** The 0-based position of {@code uid}, or a negative number when it is not known. */
    int indexOf(long uid) {
        int found = Arrays.binarySearch(uids, 0, size, uid);
        return found >= 0 ? found : -1;
    }

    void removeAt(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        System.arraycopy(uids, index + 1, uids, index, size - index - 1);
        size--;
    }
}

package org.cpmmss.james.imap.fetch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.james.mailbox.MessageUid;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.UidRange;

/**
 * The flags rows a FETCH of flags (UID/FLAGS/MODSEQ, with or without CHANGEDSINCE) listed for its answer, kept for
 * the flag updates announced after it: a device's resync {@code UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m)} after
 * another device's STORE answers the same changed messages twice (the answer, then one update each), and the second
 * listing was as dear as the first. A message's update is taken from these rows only if its change was signalled
 * before the listing began (so the rows were read after the change committed); changes signalled later are read
 * again.
 */
final class ListedFlags {
    private final long[] signalledBefore;
    private final long changedSince;
    private final List<UidRange> ranges = new ArrayList<>(1);
    private final List<MessageFlags> rows = new ArrayList<>();

    private ListedFlags(long[] signalledBefore, long changedSince) {
        this.signalledBefore = signalledBefore;
        this.changedSince = changedSince;
    }

    /** Before the answer's listings: the flag updates already signalled to the session and the FETCH's CHANGEDSINCE. */
    static ListedFlags before(Collection<MessageUid> signalled, long changedSince) {
        return new ListedFlags(ascending(signalled), changedSince);
    }

    /** The UIDs in ascending order, as primitives. */
    static long[] ascending(Collection<MessageUid> uids) {
        long[] out = new long[uids.size()];
        int i = 0;
        boolean sorted = true;
        for (MessageUid uid : uids) {
            out[i] = uid.asLong();
            sorted &= i == 0 || out[i - 1] < out[i];
            i++;
        }
        if (!sorted) {
            Arrays.sort(out);
        }
        return out;
    }

    /** One listing of the answer: every flags row of {@code range} changed since the FETCH's CHANGEDSINCE (if any). */
    void listed(UidRange range, List<MessageFlags> listing) {
        ranges.add(range);
        rows.addAll(listing);
    }

    /** Whether the update of {@code uid} is known from the answer's rows (found there, or known not to be there). */
    boolean knows(long uid, long announcedSince) {
        if (announcedSince != changedSince || Arrays.binarySearch(signalledBefore, uid) < 0) {
            return false;
        }
        for (UidRange range : ranges) {
            if (range.from() <= uid && uid <= range.to()) {
                return true;
            }
        }
        return false;
    }

    /** The answer's rows of those of {@code known} (ascending UIDs it knows), each once (ranges may overlap). */
    List<MessageFlags> rowsOf(long[] known) {
        List<MessageFlags> out = new ArrayList<>(known.length);
        boolean[] taken = new boolean[known.length];
        for (MessageFlags row : rows) {
            int at = Arrays.binarySearch(known, row.uid());
            if (at >= 0 && !taken[at]) {
                taken[at] = true;
                out.add(row);
            }
        }
        return out;
    }
}

package org.cpmmss.james.imap.conformance;

import java.util.List;

import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.mailbox.MessageUid;

/**
 * The UIDs of a span no longer in the selected folder, as the ranges a VANISHED (EARLIER) response names: the
 * UIDs a client may still hold that the selection does not (for SELECT (QRESYNC …) and UID FETCH (… VANISHED)).
 */
public final class VanishedUids {
    private VanishedUids() {
    }

    /** Adds to {@code gone} the UIDs from {@code low} to {@code high} (both included) not in {@code selected}. */
    public static void absent(SelectedMailbox selected, long low, long high, List<UidRange> gone) {
        long start = -1;
        for (long uid = Math.max(1, low); uid <= high; uid++) {
            boolean absent = selected.msn(MessageUid.of(uid)).foldSilent(() -> true, msn -> false);
            if (absent && start < 0) {
                start = uid;
            } else if (!absent && start >= 0) {
                gone.add(range(start, uid - 1));
                start = -1;
            }
        }
        if (start >= 0) {
            gone.add(range(start, high));
        }
    }

    private static UidRange range(long from, long to) {
        return from == to ? new UidRange(MessageUid.of(from)) : new UidRange(MessageUid.of(from), MessageUid.of(to));
    }
}

package org.cpmmss.james.imap.fetch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import javax.mail.Flags;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.ExpungeResponse;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.imap.message.response.VanishedResponse;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MessageSequenceNumber;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.MessageRange;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.store.mailbox.FlagsConversion;
import org.cpmmss.james.store.mailbox.NativeMailboxId;

/**
 * The selected folder's pending announcements at the end of a stored-path FETCH, in James's order and shape (EXISTS,
 * EXPUNGE or VANISHED unless omitted, RECENT, FLAGS/PERMANENTFLAGS for new keywords, one FETCH per message whose flags
 * another session changed, then the session's events reset). The flag updates are read in one listing of the
 * store instead of one per UID range: after another device's STORE of 100 scattered UIDs, James listed 100 ranges,
 * each walking the folder's MODSEQ index under the FETCH's CHANGEDSINCE. Like that listing, a message at or below the
 * FETCH's CHANGEDSINCE is not announced.
 */
final class StoredAnnouncements {
    /** At most this many scattered UIDs are read one by one (primary key) rather than as one span. */
    private static final int ONE_BY_ONE = 32;

    private final ImapSession session;
    private final Responder responder;
    private final MessageStore messages;
    private final long changedSince;
    private final ListedFlags listed;

    /** {@code listed}: the flags rows the FETCH's answer listed, or null. */
    StoredAnnouncements(ImapSession session, Responder responder, MessageStore messages, long changedSince,
                        ListedFlags listed) {
        this.session = session;
        this.responder = responder;
        this.messages = messages;
        this.changedSince = changedSince;
        this.listed = listed;
    }

    void announce(boolean omitExpunged, boolean useUid, BiConsumer<ImapSession, Responder> applicableFlags) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return;
        }
        Set<Capability> enabled = EnableProcessor.getEnabledCapabilities(session);
        boolean qresync = enabled.contains(ImapConstants.SUPPORTS_QRESYNC);
        boolean sizeChanged = selected.isSizeChanged();
        if (sizeChanged) {
            responder.respond(new ExistsResponse(selected.existsCount()));
        }
        if (!omitExpunged) {
            Collection<MessageUid> expunged = selected.expungedUids();
            if (!expunged.isEmpty()) {
                if (qresync) {
                    expunged.forEach(selected::remove);
                    responder.respond(new VanishedResponse(vanished(expunged), false));
                } else {
                    for (MessageUid uid : expunged) {
                        responder.respond(new ExpungeResponse(selected.remove(uid)));
                    }
                }
                selected.resetExpungedUids();
            }
        }
        if (sizeChanged || (selected.isRecentUidRemoved() && !omitExpunged)) {
            responder.respond(new RecentResponse(selected.recentCount()));
            selected.resetRecentUidRemoved();
        }
        Collection<MessageUid> flagUpdates = selected.flagUpdateUids();
        applicableFlags.accept(session, responder);
        if (!flagUpdates.isEmpty()) {
            boolean modSeq = qresync || enabled.contains(ImapConstants.SUPPORTS_CONDSTORE);
            for (MessageFlags row : changed(selected, flagUpdates)) {
                flagUpdate(selected, row, useUid || qresync, modSeq);
            }
        }
        selected.resetEvents();
    }

    private static org.apache.james.imap.api.message.UidRange[] vanished(Collection<MessageUid> expunged) {
        return MessageRange.toRanges(expunged).stream()
            .map(range -> range.getType() == MessageRange.Type.ONE
                ? new org.apache.james.imap.api.message.UidRange(range.getUidFrom())
                : new org.apache.james.imap.api.message.UidRange(range.getUidFrom(), range.getUidTo()))
            .toArray(org.apache.james.imap.api.message.UidRange[]::new);
    }

    /** The rows of the flag-updated messages, in UID order: from the answer's listing where it has them. */
    private List<MessageFlags> changed(SelectedMailbox selected, Collection<MessageUid> flagUpdates) {
        long[] uids = ListedFlags.ascending(flagUpdates);
        if (listed == null) {
            return read(selected, uids);
        }
        long[] known = new long[uids.length];
        long[] unknown = new long[uids.length];
        int knownCount = 0;
        int unknownCount = 0;
        for (long uid : uids) {
            if (listed.knows(uid, changedSince)) {
                known[knownCount++] = uid;
            } else {
                unknown[unknownCount++] = uid;
            }
        }
        if (knownCount == 0) {
            return read(selected, uids);
        }
        List<MessageFlags> rows = listed.rowsOf(Arrays.copyOf(known, knownCount));
        if (unknownCount > 0) {
            rows.addAll(read(selected, Arrays.copyOf(unknown, unknownCount)));
            rows.sort(Comparator.comparingLong(MessageFlags::uid));
        } else if (!ascending(rows)) {
            rows.sort(Comparator.comparingLong(MessageFlags::uid));
        }
        return rows;
    }

    private static boolean ascending(List<MessageFlags> rows) {
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i - 1).uid() >= rows.get(i).uid()) {
                return false;
            }
        }
        return true;
    }

    /** The rows of the flag-updated messages {@code uids} (ascending) read from the store, in UID order. */
    private List<MessageFlags> read(SelectedMailbox selected, long[] uids) {
        long folder = NativeMailboxId.raw(selected.getMailboxId());
        List<MessageFlags> rows = new ArrayList<>(uids.length);
        if (changedSince == 0 && uids.length <= ONE_BY_ONE) {
            for (long uid : uids) {
                rows.addAll(messages.listFlagsWithoutIds(folder, UidRange.one(uid), 0));
            }
            return rows;
        }
        UidRange span = new UidRange(uids[0], uids[uids.length - 1]);
        for (MessageFlags row : messages.listFlagsWithoutIds(folder, span, changedSince)) {
            if (Arrays.binarySearch(uids, row.uid()) >= 0) {
                rows.add(row);
            }
        }
        return rows;
    }

    private void flagUpdate(SelectedMailbox selected, MessageFlags row, boolean withUid, boolean withModSeq) {
        MessageUid uid = MessageUid.of(row.uid());
        MessageSequenceNumber msn = selected.msn(uid).foldSilent(() -> null, found -> found);
        if (msn == null) {
            return;
        }
        Flags flags = FlagsConversion.toFlags(row.flags());
        if (selected.isRecent(uid)) {
            flags.add(Flags.Flag.RECENT);
        } else {
            flags.remove(Flags.Flag.RECENT);
        }
        responder.respond(new FetchResponse(msn, flags, withUid ? uid : null, null,
            withModSeq ? ModSeq.of(row.modSeq()) : null, null, null, null, null, null, null, null, null));
    }
}

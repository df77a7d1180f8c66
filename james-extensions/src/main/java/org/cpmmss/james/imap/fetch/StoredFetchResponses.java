package org.cpmmss.james.imap.fetch;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.MessageSequenceNumber;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.mailbox.FlagsConversion;

/**
 * Builds the FETCH response of one stored message for a {@link StoredFetchShape} request, field for field as
 * James's response builder fills it: the message number from the session's view (no response for a message the
 * session has not been told about), {@code \Recent} added from the session, MODSEQ left out at or below
 * CHANGEDSINCE, sections from the stored bytes (a header section with no body and no header is empty, as James's).
 */
final class StoredFetchResponses {
    private final FetchData fetch;
    private final SelectedMailbox selected;
    private final ContentReader bytes;
    private final boolean headerOnly;

    StoredFetchResponses(FetchData fetch, SelectedMailbox selected, ContentReader bytes) {
        this.fetch = fetch;
        this.selected = selected;
        this.bytes = bytes;
        this.headerOnly = headerOnly(fetch);
    }

    private static boolean headerOnly(FetchData fetch) {
        for (BodyFetchElement element : fetch.getBodyElements()) {
            if (element.getSectionType() != SectionType.HEADER) {
                return false;
            }
        }
        return true;
    }

    /** Whether a message is answered (its MODSEQ is above CHANGEDSINCE when MODSEQ is asked). */
    boolean wanted(long modSeq) {
        return !fetch.contains(FetchData.Item.MODSEQ) || modSeq > fetch.getChangedSince();
    }

    /** A metadata-only answer (UID, FLAGS, MODSEQ), or null when the session does not know the message. */
    FetchResponse of(MessageFlags row) {
        MessageSequenceNumber msn = msn(row.uid());
        if (msn == null) {
            return null;
        }
        return new FetchResponse(msn, flags(row.uid(), row.flags()), uid(row.uid()), null, modSeq(row.modSeq()),
            null, null, null, null, null, null, null, null);
    }

    /** An answer with dates, sizes and sections, or null when the session does not know the message. */
    FetchResponse of(StoredMessage message) {
        MessageSequenceNumber msn = msn(message.uid());
        if (msn == null) {
            return null;
        }
        Date internalDate = fetch.contains(FetchData.Item.INTERNAL_DATE) ? new Date(message.internalDate()) : null;
        Long size = fetch.contains(FetchData.Item.SIZE) ? message.size() : null;
        List<FetchResponse.BodyElement> elements = new ArrayList<>(fetch.getBodyElements().size());
        if (!fetch.getBodyElements().isEmpty()) {
            byte[] header = bytes.read(message.header());
            byte[] body = headerOnly ? null : bytes.read(message.body());
            for (BodyFetchElement element : fetch.getBodyElements()) {
                // a header section is the stored header's bytes: what James's HeadersBodyElement over them answers
                // (its "no body" mark changes nothing but an empty header's size, which is 0 anyway), written from
                // the array as it is (InMemoryLiteral) instead of read through a stream into one more copy
                elements.add(element.getSectionType() == SectionType.HEADER
                    ? new StoredBytes(element.getResponseName(), header)
                    : new StoredBytes(element.getResponseName(), header, body));
            }
        }
        return new FetchResponse(msn, flags(message.uid(), message.flags()), uid(message.uid()), null,
            modSeq(message.modSeq()), internalDate, size, null, null, null, elements, null, null);
    }

    private MessageSequenceNumber msn(long uid) {
        return selected.msn(MessageUid.of(uid)).foldSilent(() -> null, msn -> msn);
    }

    private MessageUid uid(long uid) {
        return fetch.contains(FetchData.Item.UID) ? MessageUid.of(uid) : null;
    }

    private ModSeq modSeq(long modSeq) {
        if (!fetch.contains(FetchData.Item.MODSEQ)) {
            return null;
        }
        long changedSince = fetch.getChangedSince();
        return changedSince == -1 || changedSince < modSeq ? ModSeq.of(modSeq) : null;
    }

    private Flags flags(long uid, FlagState state) {
        if (!fetch.contains(FetchData.Item.FLAGS)) {
            return null;
        }
        Flags flags = FlagsConversion.toFlags(state);
        if (selected.isRecent(MessageUid.of(uid))) {
            flags.add(Flags.Flag.RECENT);
        }
        return flags;
    }
}

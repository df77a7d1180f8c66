package org.cpmmss.james.imap.fetch;

import java.util.EnumSet;
import java.util.Set;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.processor.EnableProcessor;

/**
 * Which FETCH requests the stored-message path answers: the RCS sync shapes — items among UID, FLAGS, MODSEQ,
 * RFC822.SIZE and INTERNALDATE, whole-message sections without a part path or a partial range ({@code BODY.PEEK[]},
 * {@code BODY.PEEK[HEADER]}, {@code RFC822.HEADER}), optionally with CHANGEDSINCE — in a session where CONDSTORE is
 * already on when MODSEQ is involved. Everything else (implicit {@code \Seen}, VANISHED, ENVELOPE, BODYSTRUCTURE,
 * parts, partial fetches, the CONDSTORE-enabling FETCH) stays with James's processor.
 */
final class StoredFetchShape {
    private static final Set<FetchData.Item> ITEMS = EnumSet.of(FetchData.Item.UID, FetchData.Item.FLAGS,
        FetchData.Item.MODSEQ, FetchData.Item.SIZE, FetchData.Item.INTERNAL_DATE);
    /** Every item, once ({@code values()} copies the array at each call). */
    private static final FetchData.Item[] ALL_ITEMS = FetchData.Item.values();

    private StoredFetchShape() {
    }

    static boolean answers(FetchRequest request, ImapSession session) {
        FetchData fetch = request.getFetch();
        if (session.getSelected() == null || fetch.getVanished() || fetch.isSetSeen()) {
            return false;
        }
        for (FetchData.Item item : ALL_ITEMS) {
            if (fetch.contains(item) && !ITEMS.contains(item)) {
                return false;
            }
        }
        for (BodyFetchElement element : fetch.getBodyElements()) {
            if (!wholeMessageSection(element)) {
                return false;
            }
        }
        Set<Capability> enabled = EnableProcessor.getEnabledCapabilities(session);
        // with QRESYNC on, James's FETCH copies the request data, which adds MODSEQ
        boolean condstore = fetch.getChangedSince() != -1 || fetch.contains(FetchData.Item.MODSEQ)
            || enabled.contains(ImapConstants.SUPPORTS_QRESYNC);
        return !condstore || enabled.contains(ImapConstants.SUPPORTS_CONDSTORE);
    }

    private static boolean wholeMessageSection(BodyFetchElement element) {
        boolean noPath = element.getPath() == null || element.getPath().length == 0;
        boolean whole = element.getFirstOctet() == null && element.getNumberOfOctets() == null;
        SectionType type = element.getSectionType();
        return noPath && whole && (type == SectionType.CONTENT || type == SectionType.HEADER);
    }
}

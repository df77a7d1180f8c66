package org.cpmmss.james.imap.profile;

import java.util.List;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.processor.EnableProcessor;

/**
 * FETCH lines that report flags (a STORE's answer, flag changes made by other sessions, sent after any command) in
 * Dovecot's shape: {@code * n FETCH (UID u MODSEQ (m) FLAGS (…))}, with {@code UID} only for {@code UID STORE} or
 * when QRESYNC is enabled (RFC 7162 3.2.4 requires it then; RFC 3501 does not otherwise), {@code MODSEQ} when
 * James sends it (CONDSTORE enabled). James adds {@code UID} after any UID command and writes
 * {@code FLAGS … MODSEQ}. Answers of a FETCH command and the FETCH lines of a QRESYNC SELECT keep their shape.
 */
final class FlagUpdateShape {
    private static final List<String> ORDER = List.of("UID", "MODSEQ", "FLAGS");
    private final boolean keepUid;

    FlagUpdateShape(ImapMessage command, ImapSession session) {
        boolean uidStore = command instanceof StoreRequest && ((StoreRequest) command).isUseUids();
        this.keepUid = uidStore || EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_QRESYNC);
    }

    OrderedFetchResponse shape(FetchResponse update) {
        FetchResponse shaped = keepUid || update.getUid() == null ? update
            : new FetchResponse(update.getMessageNumber(), update.getFlags(), null, update.getSaveDate(), update.getModSeq(),
                update.getInternalDate(), update.getSize(), update.getEnvelope(), update.getBody(), update.getBodyStructure(),
                update.getElements(), update.getEmailId(), update.getThreadId());
        return new OrderedFetchResponse(shaped, ORDER, true);
    }
}

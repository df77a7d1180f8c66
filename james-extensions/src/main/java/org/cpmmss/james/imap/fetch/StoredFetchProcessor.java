package org.cpmmss.james.imap.fetch;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.store.mailbox.NativeMailboxId;

import reactor.core.publisher.Mono;

/**
 * FETCH of the RCS sync shapes ({@link StoredFetchShape}) answered from the store: metadata rows for UID, FLAGS,
 * MODSEQ, RFC822.SIZE and INTERNALDATE, the stored header and body bytes for whole-message sections, CHANGEDSINCE
 * through the folder's MODSEQ index. It hands the responder the same responses, in the same order, as James's
 * {@code FetchProcessor} does for these requests (messages in UID order, then the session's pending announcements,
 * then the tagged OK; BAD for an invalid set, NO when the store fails), so the profile's decorators and the encoder
 * see no difference. The session's pending announcements are written by {@link StoredAnnouncements}.
 */
public final class StoredFetchProcessor extends AbstractMailboxProcessor<FetchRequest> {
    private final MailStorage storage;

    public StoredFetchProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metrics,
                                MailStorage storage) {
        super(FetchRequest.class, mailboxManager, factory, metrics);
        this.storage = storage;
    }

    @Override
    protected Mono<Void> processRequestReactive(FetchRequest request, ImapSession session, Responder responder) {
        SelectedMailbox selected = session.getSelected();
        FetchData fetch = fetchData(request, session);
        // the folder is looked up as James's FETCH does (it checks the session may still read it)
        return Mono.from(getMailboxManager().getMailboxReactive(selected.getMailboxId(), session.getMailboxSession()))
            .flatMap(mailbox -> Mono.defer(() -> {
                try {
                    answer(request, fetch, selected, responder);
                } catch (MailboxException e) {
                    return Mono.error(e);
                }
                new StoredAnnouncements(session, responder, storage.messages(), Math.max(0, fetch.getChangedSince()))
                    .announce(!request.isUseUids(), request.isUseUids(), this::applicableFlags);
                okComplete(request, responder);
                return Mono.empty();
            }))
            .onErrorResume(MessageRangeException.class, e -> {
                taggedBad(request, responder, HumanReadableText.INVALID_MESSAGESET);
                return Mono.empty();
            })
            .onErrorResume(MailboxException.class, e -> {
                no(request, responder, HumanReadableText.SEARCH_FAILED);
                return Mono.empty();
            })
            .then();
    }

    /** With QRESYNC on, every FETCH answers the UID (and, as James copies the request data, MODSEQ). */
    private static FetchData fetchData(FetchRequest request, ImapSession session) {
        if (EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_QRESYNC)) {
            return FetchData.Builder.from(request.getFetch()).fetch(FetchData.Item.UID).build();
        }
        return request.getFetch();
    }

    private void answer(FetchRequest request, FetchData fetch, SelectedMailbox selected, Responder responder)
        throws MailboxException {
        List<UidRange> ranges = new ArrayList<>();
        for (IdRange range : request.getIdSet()) {
            MessageRange set = messageRange(selected, range, request.isUseUids())
                .orElseThrow(() -> new MessageRangeException(range.getFormattedString() + " is an invalid range"));
            MessageRange normalized = normalizeMessageRange(selected, set);
            ranges.add(new UidRange(normalized.getUidFrom().asLong(), normalized.getUidTo().asLong()));
        }
        // bytes of a range read ahead in segment order (ReadAheadContent): consecutive messages lie side by side
        StoredFetchResponses responses = new StoredFetchResponses(fetch, selected, storage.content().inOrder());
        long folder = NativeMailboxId.raw(selected.getMailboxId());
        try {
            for (UidRange range : ranges) {
                StoredFetchRows.of(storage.messages(), folder, fetch).read(range, responses, responder);
            }
        } catch (StoreException e) {
            throw new MailboxException(e.getMessage(), e);
        }
    }

    /** FLAGS and PERMANENTFLAGS before the flag updates when a new keyword appeared, as James announces them. */
    private void applicableFlags(ImapSession session, Responder responder) {
        SelectedMailbox selected = session.getSelected();
        if (selected.hasNewApplicableFlags()) {
            flags(responder, selected);
            permanentFlags(responder, selected.getMessageManager().getPermanentFlags(session.getMailboxSession()), selected);
            selected.resetNewApplicableFlags();
        }
    }

    @Override
    protected MDCBuilder mdc(FetchRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "FETCH")
            .addToContext("useUid", Boolean.toString(request.isUseUids()))
            .addToContext("idSet", IdRange.toString(request.getIdSet()))
            .addToContext("fetchedData", request.getFetch().toString());
    }
}

package org.cpmmss.james.imap.search;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.message.response.ESearchResponse;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResultIterator;

import reactor.core.publisher.Mono;

/**
 * ESEARCH with MODSEQ (RFC 7162 3.1.5): when a SEARCH returns MIN or MAX (or both) without ALL or COUNT, the
 * MODSEQ item is the mod-sequence of the message(s) returned, the higher of the two for MIN and MAX; James
 * always gives the highest of every matching message. This decorator of the IMAP processor replaces that value
 * in SEARCH's ESEARCH response; every other response passes unchanged.
 */
public final class EsearchModSeqProcessor implements ImapProcessor {
    private final ImapProcessor delegate;
    private final MailboxManager mailboxManager;

    public EsearchModSeqProcessor(ImapProcessor delegate, MailboxManager mailboxManager) {
        this.delegate = delegate;
        this.mailboxManager = mailboxManager;
    }

    @Override
    public void process(ImapMessage message, Responder responder, ImapSession session) {
        delegate.process(message, wrap(message, responder, session), session);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        return delegate.processReactive(message, wrap(message, responder, session), session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }

    private Responder wrap(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof SearchRequest)) {
            return responder;
        }
        return new Responder() {
            @Override
            public void respond(ImapResponseMessage response) {
                responder.respond(response instanceof ESearchResponse ? fixed((ESearchResponse) response, session) : response);
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
    }

    private ESearchResponse fixed(ESearchResponse response, ImapSession session) {
        List<SearchResultOption> options = response.getSearchResultOptions();
        boolean min = options.contains(SearchResultOption.MIN);
        boolean max = options.contains(SearchResultOption.MAX);
        if (response.getHighestModSeq() == null || !(min || max) || options.contains(SearchResultOption.ALL)
            || options.contains(SearchResultOption.COUNT) || response.getCount() == 0) {
            return response;
        }
        Optional<ModSeq> minModSeq = min ? modSeq(response.getMinUid(), response.getUseUid(), session) : Optional.empty();
        Optional<ModSeq> maxModSeq = max ? modSeq(response.getMaxUid(), response.getUseUid(), session) : Optional.empty();
        Optional<ModSeq> modSeq = minModSeq.isEmpty() ? maxModSeq
            : maxModSeq.isEmpty() ? minModSeq
            : Optional.of(minModSeq.get().asLong() >= maxModSeq.get().asLong() ? minModSeq.get() : maxModSeq.get());
        if (modSeq.isEmpty()) {
            return response;
        }
        return new ESearchResponse(response.getMinUid(), response.getMaxUid(), response.getCount(), response.getAll(),
            modSeq.get(), response.getTag(), response.getUseUid(), options);
    }

    /** The mod-sequence of one message given by UID or sequence number in the selected folder. */
    private Optional<ModSeq> modSeq(long id, boolean useUid, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return Optional.empty();
        }
        Optional<MessageUid> uid = useUid ? Optional.of(MessageUid.of(id)) : selected.uid((int) id);
        if (uid.isEmpty()) {
            return Optional.empty();
        }
        try {
            MessageManager mailbox = mailboxManager.getMailbox(selected.getMailboxId(), session.getMailboxSession());
            MessageResultIterator results = mailbox.getMessages(MessageRange.one(uid.get()), FetchGroup.MINIMAL,
                session.getMailboxSession());
            return results.hasNext() ? Optional.of(results.next().getModSeq()) : Optional.empty();
        } catch (MailboxException e) {
            return Optional.empty();
        }
    }
}

package org.cpmmss.james.imap.sort;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.CapabilityImplementingProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SORT / UID SORT: the search key becomes a mailbox {@link SearchQuery} with the requested sorts, and the search
 * index (Lucene) answers in sort order, ties broken by UID. Advertises {@code SORT} and {@code ESORT}.
 */
public class SortProcessor extends AbstractMailboxProcessor<SortRequest> implements CapabilityImplementingProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SortProcessor.class);
    private static final List<Capability> CAPABILITIES = List.of(Capability.of("SORT"), Capability.of("ESORT"));

    private final SearchKeyTranslator translator;

    @Inject
    public SortProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
        super(SortRequest.class, mailboxManager, factory, metricFactory);
        this.translator = new SearchKeyTranslator(mailboxManager.getMessageIdFactory());
    }

    @Override
    public List<Capability> getImplementedCapabilities(ImapSession session) {
        return CAPABILITIES;
    }

    @Override
    protected Mono<Void> processRequestReactive(SortRequest request, ImapSession session, Responder responder) {
        SelectedMailbox selected = session.getSelected();
        MailboxSession mailboxSession = session.getMailboxSession();
        SearchQuery query;
        try {
            query = SearchQuery.builder()
                .andCriterion(translator.toCriterion(request.getSearchKey(), selected))
                .sorts(request.getSorts())
                .addRecentMessageUids(selected.getRecent())
                .build();
        } catch (IllegalArgumentException e) {
            return Mono.fromRunnable(() -> taggedBad(request, responder, HumanReadableText.ILLEGAL_ARGUMENTS));
        }
        return getSelectedMailboxReactive(session)
            .flatMap(mailbox -> {
                try {
                    return Flux.from(mailbox.search(query, mailboxSession)).collectList();
                } catch (MailboxException e) {
                    return Mono.error(e);
                }
            })
            .doOnNext(uids -> responder.respond(new SortResponse(ids(uids, selected, request.isUseUids()),
                request.getReturnOptions(), request.getTag(), request.isUseUids())))
            .then(unsolicitedResponses(session, responder, request.isUseUids()))
            .then(Mono.fromRunnable(() -> okComplete(request, responder)))
            .onErrorResume(MailboxException.class, e -> {
                LOGGER.error("SORT failed in mailbox {}", selected.getMailboxId(), e);
                no(request, responder, HumanReadableText.SEARCH_FAILED);
                return Mono.empty();
            })
            .then();
    }

    private static List<Long> ids(List<MessageUid> uids, SelectedMailbox selected, boolean useUids) {
        List<Long> ids = new ArrayList<>(uids.size());
        for (MessageUid uid : uids) {
            if (useUids) {
                ids.add(uid.asLong());
            } else {
                selected.msn(uid).ifPresent(msn -> ids.add((long) msn.asInt()));
            }
        }
        return ids;
    }

    @Override
    protected MDCBuilder mdc(SortRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "SORT")
            .addToContext("useUid", Boolean.toString(request.isUseUids()));
    }
}

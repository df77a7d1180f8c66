package org.cpmmss.james.imap.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.mail.Flags;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.apache.james.util.ReactorUtils;
import org.cpmmss.james.store.mailbox.NativeMessageManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * IMAP STORE of system flags with {@code .SILENT}, the whole sequence set changed at once. James's
 * {@code StoreProcessor} changes the flags range by range of the set: a {@code UID STORE} of 100 scattered messages
 * was 100 mailbox-manager calls, each checking the session's rights, opening a store transaction and dispatching a
 * FlagsUpdated event. Here {@link NativeMessageManager#setFlagsAtOnce} checks once, changes every range in one store
 * transaction — each range under a MODSEQ of its own, as range by range — and announces the changes with one event.
 *
 * <p>Only the STOREs whose answers carry nothing per message: {@code .SILENT}, no UNCHANGEDSINCE, neither CONDSTORE
 * nor QRESYNC enabled in the session (James then answers a MODSEQ per message even when silent), system flags only
 * (a new keyword widens the folder's FLAGS, told during the command), and a set that converts to ranges; every other
 * STORE goes to James's processor ({@link StoreAtOncePath}). The answers are James's: the FLAGS and PERMANENTFLAGS a
 * folder whose flags another session widened owes the session, its pending untagged responses, then {@code OK};
 * {@code NO} when the write fails.</p>
 */
public final class StoreAtOnceProcessor extends AbstractMailboxProcessor<StoreRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreAtOnceProcessor.class);

    public StoreAtOnceProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metrics) {
        super(StoreRequest.class, mailboxManager, factory, metrics);
    }

    /** Whether this processor answers {@code request} (else James's does). */
    public boolean takes(StoreRequest request, ImapSession session) {
        Flags flags = request.getFlags();
        if (!request.isSilent() || request.getUnchangedSince() != -1 || flags.getUserFlags().length > 0
            || flags.contains(Flags.Flag.RECENT) || session.getSelected() == null
            || session.getMailboxSession() == null) {
            return false;
        }
        Set<Capability> enabled = EnableProcessor.getEnabledCapabilities(session);
        return !enabled.contains(ImapConstants.SUPPORTS_CONDSTORE) && !enabled.contains(ImapConstants.SUPPORTS_QRESYNC)
            && ranges(session.getSelected(), request).isPresent();
    }

    /** The set's ranges as James's processor converts them; empty when one does not convert. */
    private Optional<List<MessageRange>> ranges(SelectedMailbox selected, StoreRequest request) {
        List<MessageRange> ranges = new ArrayList<>(request.getIdSet().length);
        try {
            for (IdRange range : request.getIdSet()) {
                Optional<MessageRange> converted = messageRange(selected, range, request.isUseUids());
                if (converted.isEmpty()) {
                    return Optional.empty();
                }
                ranges.add(converted.get());
            }
        } catch (MessageRangeException e) {
            return Optional.empty();
        }
        return Optional.of(ranges);
    }

    @Override
    protected Mono<Void> processRequestReactive(StoreRequest request, ImapSession session, Responder responder) {
        SelectedMailbox selected = session.getSelected();
        MailboxSession mailboxSession = session.getMailboxSession();
        Optional<List<MessageRange>> ranges = ranges(selected, request);
        if (ranges.isEmpty()) {
            // cannot be: the path asked takes() first, on the same thread, with nothing in between
            taggedBad(request, responder, HumanReadableText.INVALID_MESSAGESET);
            return Mono.empty();
        }
        return getSelectedMailboxReactive(session)
            .flatMap(mailbox -> changed(mailbox, request, ranges.get(), mailboxSession)
                .then(Mono.fromRunnable(() -> newApplicableFlags(mailboxSession, mailbox, responder, selected))))
            .then(unsolicitedResponses(session, responder, !request.isUseUids(), request.isUseUids()))
            .doOnSuccess(any -> okComplete(request, responder))
            .onErrorResume(MailboxException.class, e -> {
                no(request, responder, HumanReadableText.SAVE_FAILED);
                return ReactorUtils.logAsMono(() -> LOGGER.error("Store failed for mailbox {} and sequence-set {}",
                    selected.getMailboxId(), request.getIdSet(), e));
            });
    }

    private Mono<Void> changed(MessageManager mailbox, StoreRequest request, List<MessageRange> ranges,
                               MailboxSession mailboxSession) {
        if (mailbox instanceof NativeMessageManager ours) {
            return ours.setFlagsAtOnce(request.getFlags(), request.getFlagsUpdateMode(), ranges, mailboxSession);
        }
        return Flux.fromIterable(ranges)
            .concatMap(range -> mailbox.setFlagsReactive(request.getFlags(), request.getFlagsUpdateMode(), range,
                mailboxSession))
            .then();
    }

    /** As James's STORE after each range: the folder's flags, when another session's change widened them. */
    private void newApplicableFlags(MailboxSession mailboxSession, MessageManager mailbox, Responder responder,
                                    SelectedMailbox selected) {
        if (selected.hasNewApplicableFlags()) {
            flags(responder, selected);
            permanentFlags(responder, mailbox.getPermanentFlags(mailboxSession), selected);
            selected.resetNewApplicableFlags();
        }
    }

    @Override
    protected MDCBuilder mdc(StoreRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "STORE")
            .addToContext("at-once", IdRange.toString(request.getIdSet()));
    }
}

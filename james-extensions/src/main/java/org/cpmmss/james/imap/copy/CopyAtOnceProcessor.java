package org.cpmmss.james.imap.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.main.PathConverter;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.apache.james.util.ReactorUtils;
import org.cpmmss.james.imap.core.SetAtOnceProcessor;
import org.cpmmss.james.store.mailbox.NativeMessageManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * IMAP COPY with the whole sequence set copied at once. James's {@code CopyProcessor} copies range by range of the
 * set: a {@code UID COPY} of 100 scattered messages was 100 mailbox-manager calls, each looking both folders up
 * again, reading its range, checking the quota, writing its copies in a store transaction of their own and
 * dispatching an Added and a MessageMove event. Here the folders are looked up once, every range is read, and
 * {@link NativeMessageManager#copyAllTo} checks the quota once, writes every copy in one store transaction and
 * announces them with one event of each kind.
 *
 * <p>The answers are James's: {@code NO [TRYCREATE]} for a missing target, {@code NO} when the copy fails, else
 * the session's pending untagged responses and {@code OK [COPYUID v <set as requested> <the copies' UIDs>]}; the
 * copies get the UIDs and MODSEQs the range-by-range copy gave them. A set with a range that does not convert goes to
 * James's processor ({@link #takes}). One difference, on failure: a COPY the quota does not
 * allow copies nothing (James copied the ranges that still fitted).</p>
 *
 * <p>Folders that are not the native store's (no {@link NativeMessageManager}) are copied range by range through the
 * mailbox manager, as James does.</p>
 */
public final class CopyAtOnceProcessor extends SetAtOnceProcessor<CopyRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CopyAtOnceProcessor.class);

    /** The switch (default on): {@code -Dcpm.imap.copy.at-once=false} leaves COPY to James's processor. */
    public static final String PROPERTY = "cpm.imap.copy.at-once";

    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    public CopyAtOnceProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metrics) {
        super(CopyRequest.class, mailboxManager, factory, metrics);
    }

    /**
     * Whether this processor answers {@code request} (else James's does): a folder is selected and every range of the
     * set converts (James's processor copies the ranges before one that does not, then answers BAD).
     */
    public boolean takes(CopyRequest request, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        return selected != null && session.getMailboxSession() != null && ranges(selected, request).isPresent();
    }

    private Optional<List<MessageRange>> ranges(SelectedMailbox selected, CopyRequest request) {
        return ranges(selected, request.getIdSet(), request.isUseUids());
    }

    @Override
    protected Mono<Void> processRequestReactive(CopyRequest request, ImapSession session, Responder responder) {
        MailboxPath target = PathConverter.forSession(session).buildFullPath(request.getMailboxName());
        MailboxSession mailboxSession = session.getMailboxSession();
        return Mono.from(getMailboxManager().mailboxExists(target, mailboxSession))
            .flatMap(exists -> {
                if (!exists) {
                    no(request, responder, HumanReadableText.FAILURE_NO_SUCH_MAILBOX,
                        StatusResponse.ResponseCode.tryCreate());
                    return Mono.empty();
                }
                return copied(request, session, target, mailboxSession)
                    .flatMap(code -> unsolicitedResponses(session, responder, request.isUseUids())
                        .then(Mono.fromRunnable(() -> okComplete(request, code, responder))));
            })
            .onErrorResume(MessageRangeException.class, e -> {
                taggedBad(request, responder, HumanReadableText.INVALID_MESSAGESET);
                return ReactorUtils.logAsMono(() -> LOGGER.debug("Copy failed from mailbox {} to {} for invalid "
                    + "sequence-set {}", session.getSelected().getMailboxId(), target, request.getIdSet(), e));
            })
            .onErrorResume(MailboxException.class, e -> {
                no(request, responder, HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING);
                return ReactorUtils.logAsMono(() -> LOGGER.error("Copy failed from mailbox {} to {} for sequence-set "
                    + "{}", session.getSelected().getMailboxId(), target, request.getIdSet(), e.getCause()));
            })
            .then();
    }

    /** The COPYUID code of the copy of the whole set, once every copy is made. */
    private Mono<StatusResponse.ResponseCode> copied(CopyRequest request, ImapSession session, MailboxPath target,
                                                     MailboxSession mailboxSession) {
        SelectedMailbox selected = session.getSelected();
        return Mono.from(getMailboxManager().getMailboxReactive(target, mailboxSession))
            .flatMap(into -> {
                UidValidity uidValidity;
                try {
                    uidValidity = into.getMailboxEntity().getUidValidity();
                } catch (MailboxException e) {
                    return Mono.error(e);
                }
                Optional<List<MessageRange>> converted = ranges(selected, request);
                if (converted.isEmpty()) {
                    // cannot be: the route asked takes() first, on the same connection, with nothing in between
                    return Mono.error(new MessageRangeException(IdRange.toString(request.getIdSet())
                        + " is an invalid range"));
                }
                List<MessageRange> ranges = converted.get();
                return Mono.from(getMailboxManager().getMailboxReactive(selected.getMailboxId(), mailboxSession))
                    .flatMap(from -> copies(from, into, ranges, mailboxSession))
                    .map(uids -> {
                        List<IdRange> copies = new ArrayList<>();
                        MessageRange.toRanges(uids).forEach(range -> copies.add(IdRange.from(range)));
                        return StatusResponse.ResponseCode.copyUid(uidValidity, request.getIdSet(),
                            IdRange.mergeRanges(copies).toArray(IdRange[]::new));
                    });
            });
    }

    /** The copies' UIDs, in UID order. */
    private Mono<List<MessageUid>> copies(MessageManager from, MessageManager into, List<MessageRange> ranges,
                                          MailboxSession mailboxSession) {
        if (from instanceof NativeMessageManager source && into instanceof NativeMessageManager target) {
            return source.copyAllTo(ranges, target, mailboxSession);
        }
        return Flux.fromIterable(ranges)
            .concatMap(range -> getMailboxManager().copyMessagesReactive(range, from.getId(), into.getId(),
                mailboxSession))
            .concatMapIterable(range -> range)
            .sort()
            .collectList();
    }

    @Override
    protected MDCBuilder mdc(CopyRequest request) {
        return MDCBuilder.create()
            .addToContext(MDCBuilder.ACTION, "COPY")
            .addToContext("at-once", IdRange.toString(request.getIdSet()) + " " + request.getMailboxName());
    }
}

package org.cpmmss.james.imap.store;

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
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.apache.james.util.ReactorUtils;
import org.cpmmss.james.imap.core.SetAtOnceProcessor;
import org.cpmmss.james.store.mailbox.NativeMessageManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * IMAP STORE of system flags, the whole sequence set changed at once. James's {@code StoreProcessor} changes the flags
 * range by range of the set: a {@code UID STORE} of 100 scattered messages was 100 mailbox-manager calls, each
 * checking the session's rights, opening a store transaction and dispatching a FlagsUpdated event. Here
 * {@link NativeMessageManager#setFlagsAtOnce} checks once, changes every range in one store transaction — each range
 * under a MODSEQ of its own, as range by range — and announces the changes with one event.
 *
 * <p>The answers are James's, range after range: the FLAGS and PERMANENTFLAGS a folder whose keywords another session
 * widened owes the session, then an untagged FETCH per message of the range still in the session's view — its FLAGS
 * (with {@code \Recent} as the session sees it) unless {@code .SILENT}, its UID for UID STORE or with QRESYNC, its
 * MODSEQ with CONDSTORE or QRESYNC — then the session's pending untagged responses and {@code OK}; {@code NO} when the
 * write fails. Only STOREs of system flags without UNCHANGEDSINCE whose set converts to ranges; a keyword (it may widen
 * the folder's FLAGS during the command), UNCHANGEDSINCE ({@code [MODIFIED …]}) and an unconvertible set go to
 * James's processor ({@link #takes}).</p>
 */
public final class StoreAtOnceProcessor extends SetAtOnceProcessor<StoreRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreAtOnceProcessor.class);

    /** The switch (default on): {@code -Dcpm.imap.store.at-once=false} leaves every STORE to James's processor. */
    public static final String PROPERTY = "cpm.imap.store.at-once";

    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    public StoreAtOnceProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metrics) {
        super(StoreRequest.class, mailboxManager, factory, metrics);
    }

    /** Whether this processor answers {@code request} (else James's does). */
    public boolean takes(StoreRequest request, ImapSession session) {
        Flags flags = request.getFlags();
        if (request.getUnchangedSince() != -1 || flags.getUserFlags().length > 0 || flags.contains(Flags.Flag.RECENT)
            || session.getSelected() == null || session.getMailboxSession() == null) {
            return false;
        }
        return ranges(session.getSelected(), request).isPresent();
    }

    private Optional<List<MessageRange>> ranges(SelectedMailbox selected, StoreRequest request) {
        return ranges(selected, request.getIdSet(), request.isUseUids());
    }

    @Override
    protected Mono<Void> processRequestReactive(StoreRequest request, ImapSession session, Responder responder) {
        SelectedMailbox selected = session.getSelected();
        MailboxSession mailboxSession = session.getMailboxSession();
        Optional<List<MessageRange>> ranges = ranges(selected, request);
        if (ranges.isEmpty()) {
            // cannot be: the route asked takes() first, on the same thread, with nothing in between
            taggedBad(request, responder, HumanReadableText.INVALID_MESSAGESET);
            return Mono.empty();
        }
        Set<Capability> enabled = EnableProcessor.getEnabledCapabilities(session);
        boolean qresync = enabled.contains(ImapConstants.SUPPORTS_QRESYNC);
        boolean modSeqs = qresync || enabled.contains(ImapConstants.SUPPORTS_CONDSTORE);
        return getSelectedMailboxReactive(session)
            .flatMap(mailbox -> changed(mailbox, request, ranges.get(), mailboxSession)
                .doOnNext(byRange -> {
                    for (List<UpdatedFlags> range : byRange) {
                        newApplicableFlags(mailboxSession, mailbox, responder, selected);
                        if (!request.isSilent() || modSeqs) {
                            fetchResponses(range, request, selected, responder, qresync, modSeqs);
                        }
                    }
                }))
            .then(unsolicitedResponses(session, responder, !request.isUseUids(), request.isUseUids()))
            .doOnSuccess(any -> okComplete(request, responder))
            .onErrorResume(MailboxException.class, e -> {
                no(request, responder, HumanReadableText.SAVE_FAILED);
                return ReactorUtils.logAsMono(() -> LOGGER.error("Store failed for mailbox {} and sequence-set {}",
                    selected.getMailboxId(), request.getIdSet(), e));
            });
    }

    private Mono<List<List<UpdatedFlags>>> changed(MessageManager mailbox, StoreRequest request,
                                                   List<MessageRange> ranges, MailboxSession mailboxSession) {
        if (mailbox instanceof NativeMessageManager ours) {
            return ours.setFlagsAtOnce(request.getFlags(), request.getFlagsUpdateMode(), ranges, mailboxSession);
        }
        // bound only with the native store (ImapProfileModule): its folders are NativeMessageManagers
        return Mono.error(new MailboxException("not a folder of the native store: " + mailbox.getId()));
    }

    /** The untagged FETCH of each message of one range still in the session's view, as James's STORE sends it. */
    private static void fetchResponses(List<UpdatedFlags> range, StoreRequest request, SelectedMailbox selected,
                                       Responder responder, boolean qresync, boolean modSeqs) {
        for (UpdatedFlags updated : range) {
            MessageUid uid = updated.getUid();
            selected.msn(uid).foldSilent(() -> null, msn -> {
                Flags flags = null;
                if (!request.isSilent()) {
                    flags = new Flags(updated.getNewFlags());
                    if (selected.isRecent(uid)) {
                        flags.add(Flags.Flag.RECENT);
                    }
                }
                responder.respond(new FetchResponse(msn, flags, request.isUseUids() || qresync ? uid : null, null,
                    modSeqs ? updated.getModSeq() : null, null, null, null, null, null, null, null, null));
                return null;
            });
        }
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

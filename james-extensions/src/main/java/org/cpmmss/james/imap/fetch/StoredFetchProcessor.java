package org.cpmmss.james.imap.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.imap.main.DeniedAccessOnSharedMailboxException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.apache.james.util.MDCBuilder;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.store.mailbox.NativeMailboxId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.reactivestreams.Subscription;

import reactor.core.CoreSubscriber;
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
    private static final Logger LOGGER = LoggerFactory.getLogger(StoredFetchProcessor.class);

    private final MailStorage storage;
    private final MetricFactory metrics;

    public StoredFetchProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metrics,
                                MailStorage storage) {
        super(FetchRequest.class, mailboxManager, factory, metrics);
        this.storage = storage;
        this.metrics = metrics;
    }

    /** Whether this processor answers {@code request}: the RCS sync FETCH shapes ({@link StoredFetchShape}). */
    public boolean takes(FetchRequest request, ImapSession session) {
        return StoredFetchShape.answers(request, session);
    }

    /**
     * The whole FETCH on the calling thread, once the folder is looked up: James's {@code AbstractProcessor} and
     * {@code AbstractMailboxProcessor} wrap each command in about ten Reactor operators (a log step, an MDC context
     * built eagerly, the timer metric, {@code manageProcessing}, two error mappings) and this processor added as many;
     * on the single-message FETCH, a few hundred bytes of answer, they were a tenth of its CPU. Same answers, same
     * order, same timer metric ({@code IMAP-FETCH}), same start/end of processing around it; the MDC of the command is
     * built only when something is logged.
     */
    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        FetchRequest request = (FetchRequest) message;
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("Processing {}", request);
        }
        if (!request.getCommand().validForState(session.getState())) {
            responder.respond(getStatusResponseFactory().taggedNo(request.getTag(), request.getCommand(),
                HumanReadableText.INVALID_COMMAND));
            return Mono.empty();
        }
        MailboxSession mailboxSession = session.getMailboxSession();
        MailboxManager mailboxManager = getMailboxManager();
        TimeMetric timer = metrics.timer(IMAP_PREFIX + request.getCommand().getName());
        mailboxManager.startProcessingRequest(mailboxSession);
        boolean ended = false;
        try {
            SelectedMailbox selected = session.getSelected();
            // the folder is looked up as James's FETCH does (it checks the session may still read it), unless the
            // answer is certain (ownFolder); with a store that answers at once (the embedded one), the rest runs here,
            // else when the look-up completes
            if (ownFolder(mailboxSession, selected)) {
                fetch(request, session, responder);
                return Mono.empty();
            }
            FolderLookup lookup = new FolderLookup();
            mailboxManager.getMailboxReactive(selected.getMailboxId(), mailboxSession).subscribe(lookup);
            if (lookup.done) {
                if (lookup.error != null) {
                    failed(request, responder, lookup.error);
                } else if (lookup.found) {
                    fetch(request, session, responder);
                }
                return Mono.empty();
            }
            ended = true;
            return Mono.fromFuture(lookup.later())
                .doOnNext(mailbox -> fetch(request, session, responder))
                .onErrorResume(e -> {
                    failed(request, responder, e);
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    mailboxManager.endProcessingRequest(mailboxSession);
                    timer.stopAndPublish();
                })
                .then();
        } catch (RuntimeException e) {
            failed(request, responder, e);
            return Mono.empty();
        } finally {
            if (!ended) {
                mailboxManager.endProcessingRequest(mailboxSession);
                timer.stopAndPublish();
            }
        }
    }

    /**
     * Whether James's look-up of the selected folder would find it and let the session read it for certain: the
     * folder is in the store (the same folder cache James's mapper reads) and is the session user's own (James's
     * {@code MailboxPath.belongsTo}: the owner named exactly as the session's user). Then its answer is known without
     * building the folder's {@code MessageManager} (a tenth of the FETCH processor's own CPU); otherwise James's
     * look-up runs and decides (not found, another user's folder and its rights, a name in another form).
     */
    private boolean ownFolder(MailboxSession mailboxSession, SelectedMailbox selected) {
        Username user = mailboxSession.getUser();
        if (user == null) {
            return false;
        }
        Optional<Folder> folder = storage.folders().find(NativeMailboxId.raw(selected.getMailboxId()));
        if (folder.isEmpty()) {
            return false;
        }
        String owner = folder.get().name().owner();
        return !owner.isEmpty() && owner.equals(user.asString());
    }

    /**
     * The folder look-up's outcome, taken as it is signalled: at once with a store that answers at once (the embedded
     * one), without a future and its exception wrapping per FETCH; else handed on to {@link #later()}.
     */
    private static final class FolderLookup implements CoreSubscriber<MessageManager> {
        private final CompletableFuture<MessageManager> later = new CompletableFuture<>();
        private volatile boolean done;
        private volatile boolean found;
        private volatile Throwable error;

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(MessageManager mailbox) {
            found = true;
            done = true;
            later.complete(mailbox);
        }

        @Override
        public void onError(Throwable e) {
            error = e;
            done = true;
            later.completeExceptionally(e);
        }

        @Override
        public void onComplete() {
            done = true;
            later.complete(null);
        }

        /** The folder when it is found after the processor returned (empty when there is none). */
        CompletableFuture<MessageManager> later() {
            return later;
        }
    }

    /** The answer once the folder is found: the messages, the pending announcements, the tagged OK. */
    private void fetch(FetchRequest request, ImapSession session, Responder responder) {
        SelectedMailbox selected = session.getSelected();
        FetchData fetch = fetchData(request, session);
        long changedSince = Math.max(0, fetch.getChangedSince());
        // taken before the answer lists anything: the updates signalled by then can be answered from its rows
        boolean onlyFlags = fetch.isOnlyFlags();
        ListedFlags listed = onlyFlags ? ListedFlags.before(selected.flagUpdateUids(), changedSince) : null;
        try {
            answer(request, fetch, selected, responder, onlyFlags, listed);
        } catch (MessageRangeException e) {
            taggedBad(request, responder, HumanReadableText.INVALID_MESSAGESET);
            return;
        } catch (MailboxException e) {
            no(request, responder, HumanReadableText.SEARCH_FAILED);
            return;
        }
        new StoredAnnouncements(session, responder, storage.messages(), changedSince, listed)
            .announce(!request.isUseUids(), request.isUseUids(), this::applicableFlags);
        okComplete(request, responder);
    }

    /**
     * A failure before or after the messages were answered, as James's chain answers it: an invalid set is BAD, a
     * store failure NO, access to a folder shared by another user denied is NO with its own text, anything else NO
     * and logged with the command's MDC.
     */
    private void failed(FetchRequest request, Responder responder, Throwable e) {
        if (e instanceof MessageRangeException) {
            taggedBad(request, responder, HumanReadableText.INVALID_MESSAGESET);
        } else if (e instanceof DeniedAccessOnSharedMailboxException) {
            no(request, responder, HumanReadableText.DENIED_SHARED_MAILBOX);
        } else if (e instanceof MailboxException) {
            no(request, responder, HumanReadableText.SEARCH_FAILED);
        } else {
            no(request, responder, HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING);
            try (Closeable context = mdc(request).build()) {
                LOGGER.error("Unexpected error during IMAP processing", e);
            } catch (IOException closing) {
                throw new UncheckedIOException(closing);
            }
        }
    }

    @Override
    protected Mono<Void> processRequestReactive(FetchRequest request, ImapSession session, Responder responder) {
        return Mono.fromRunnable(() -> fetch(request, session, responder));
    }

    /** With QRESYNC on, every FETCH answers the UID (and, as James copies the request data, MODSEQ). */
    private static FetchData fetchData(FetchRequest request, ImapSession session) {
        if (EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_QRESYNC)) {
            return FetchData.Builder.from(request.getFetch()).fetch(FetchData.Item.UID).build();
        }
        return request.getFetch();
    }

    private void answer(FetchRequest request, FetchData fetch, SelectedMailbox selected, Responder responder,
                        boolean onlyFlags, ListedFlags listed) throws MailboxException {
        List<UidRange> ranges = new ArrayList<>();
        for (IdRange range : request.getIdSet()) {
            MessageRange set = messageRange(selected, range, request.isUseUids())
                .orElseThrow(() -> new MessageRangeException(range.getFormattedString() + " is an invalid range"));
            MessageRange normalized = normalizeMessageRange(selected, set);
            ranges.add(new UidRange(normalized.getUidFrom().asLong(), normalized.getUidTo().asLong()));
        }
        // bytes of a range read ahead in segment order (ReadAheadContent): consecutive messages lie side by side; one
        // message's blobs are read as they are (the read-ahead's two first windows were 8 KiB for a 1 KiB object)
        boolean oneMessage = ranges.size() == 1 && ranges.get(0).from() == ranges.get(0).to();
        ContentReader content = oneMessage ? storage.content() : storage.content().inOrder();
        StoredFetchResponses responses = new StoredFetchResponses(fetch, selected, content);
        long folder = NativeMailboxId.raw(selected.getMailboxId());
        StoredFetchRows rows = StoredFetchRows.of(storage.messages(), folder, fetch, onlyFlags, listed);
        try {
            for (UidRange range : ranges) {
                rows.read(range, responses, responder);
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

package org.cpmmss.james.imap.conformance;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.request.AbstractMessageRangeRequest;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.DeleteRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.LsubRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.model.MailboxConstants;
import org.cpmmss.james.store.mailbox.ChangedSince;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's processor chain with the answers RFC 3501 and its extensions ask for where James's differ (see
 * docs/imap-profile.md, "Protocol conformance"): COPYUID with UIDs, before MOVE's EXPUNGEs ({@link CopyUidAnswers}),
 * LIST with a pattern list ({@link PatternListRequest}), LIST/LSUB of a name that is not modified UTF-7 (an
 * empty listing instead of no answer), FETCH answers corrected for what James's builder gets
 * wrong ({@link FetchCorrections}), and UID FETCH/STORE/COPY/MOVE/EXPUNGE in an empty folder completed OK instead of
 * James's BAD ({@link EmptyFolderUidSets}), a folder selected read-only left unchanged ({@link ReadOnlySelection}),
 * DELETE of INBOX refused (NO; James deleted it), MODIFIED codes without James's stray 0 ({@link ModifiedSets}),
 * and the VANISHED (EARLIER) of a UID FETCH over its whole UID set ({@link FetchVanished}).
 * Every other command goes to James unchanged.
 */
public final class ConformanceImapProcessor implements ImapProcessor {
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();
    static final HumanReadableText INBOX_NOT_DELETED = new HumanReadableText(
        "org.cpmmss.imap.INBOX_NOT_DELETED", "failed. INBOX can not be deleted.");
    private final ImapProcessor delegate;
    private final MailboxManager mailboxManager;

    public ConformanceImapProcessor(ImapProcessor delegate, MailboxManager mailboxManager) {
        this.delegate = delegate;
        this.mailboxManager = mailboxManager;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder given, ImapSession session) {
        Responder responder = message instanceof StoreRequest
            ? ModifiedSets.wrap(EmptyFolderUidSets.wrap(given, message, session), (StoreRequest) message)
            : EmptyFolderUidSets.wrap(given, message, session);
        if (message instanceof DeleteRequest && isInbox(((DeleteRequest) message).getMailboxName())) {
            // RFC 3501 6.3.4: "It is an error to attempt to delete the name INBOX" (James deleted it, messages and all)
            DeleteRequest delete = (DeleteRequest) message;
            return Mono.fromRunnable(() -> {
                responder.respond(STATUS_RESPONSES.taggedNo(delete.getTag(), delete.getCommand(), INBOX_NOT_DELETED));
                responder.flush();
            });
        }
        if (message instanceof AbstractMailboxSelectionRequest) {
            return Mono.defer(() -> {
                ReadOnlySelection.Watch watch = ReadOnlySelection.watch(responder, session);
                return delegate.processReactive(message, watch, session)
                    .then(Mono.fromRunnable(() -> watch.settle(session)));
            });
        }
        if (ReadOnlySelection.mayChange(message)) {
            // decided when the command runs: a pipelined EXAMINE before it has been answered by then
            return Mono.defer(() -> {
                if (!ReadOnlySelection.readOnly(session)) {
                    return corrected(message, responder, session);
                }
                return ReadOnlySelection.answer(message, responder, session)
                    .orElseGet(() -> corrected(ReadOnlySelection.peekOnly((FetchRequest) message), responder, session));
            });
        }
        return corrected(message, responder, session);
    }

    private Mono<Void> corrected(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof MoveRequest || message instanceof CopyRequest) {
            return Mono.defer(() -> {
                CopyUidAnswers answers = CopyUidAnswers.of(responder, (AbstractMessageRangeRequest) message, session,
                    message instanceof MoveRequest);
                return delegate.processReactive(message, answers, session).doFinally(signal -> answers.drain());
            });
        }
        if (message instanceof PatternListRequest) {
            return listEach((PatternListRequest) message, responder, session);
        }
        if (matchesNothing(message)) {
            // James decodes LIST/LSUB names while processing: a name that is not modified UTF-7 fails there
            // unanswered; no mailbox can have that name, so the answer is an empty listing
            ImapRequest request = (ImapRequest) message;
            responder.respond(STATUS_RESPONSES.taggedOk(request.getTag(), request.getCommand(), HumanReadableText.COMPLETED));
            responder.flush();
            return Mono.empty();
        }
        if (message instanceof FetchRequest) {
            FetchRequest fetch = (FetchRequest) message;
            if (FetchVanished.applies(fetch, session)) {
                return Mono.defer(() -> FetchVanished.announce(fetch, responder, session, mailboxManager))
                    .flatMap(rest -> fetch(fetch, rest, session));
            }
            return fetch(fetch, responder, session);
        }
        return delegate.processReactive(message, responder, session);
    }

    private Mono<Void> fetch(FetchRequest fetch, Responder responder, ImapSession session) {
        FetchRequest toJames = FetchCorrections.forJames(fetch);
        // the native store lists only the messages changed since a CHANGEDSINCE (its MODSEQ index)
        return delegate.processReactive(toJames, FetchCorrections.wrap(responder, fetch, toJames, session), session)
            .contextWrite(ChangedSince.hint(toJames.getFetch().getChangedSince()));
    }

    private Mono<Void> listEach(PatternListRequest request, Responder responder, ImapSession session) {
        PatternListAnswers answers = new PatternListAnswers();
        return Flux.fromIterable(request.perPattern())
            .filter(pattern -> !matchesNothing(pattern))
            .concatMap(pattern -> answers.failed() ? Mono.empty() : delegate.processReactive(pattern, answers, session))
            .then(Mono.fromRunnable(() -> answers.writeTo(responder)));
    }

    private static boolean isInbox(String name) {
        return MailboxConstants.INBOX.equalsIgnoreCase(name);
    }

    private static boolean matchesNothing(ImapMessage message) {
        if (message instanceof ListRequest) {
            ListRequest list = (ListRequest) message;
            return !ModifiedUtf7Names.valid(list.getBaseReferenceName()) || !ModifiedUtf7Names.valid(list.getMailboxPattern());
        }
        if (message instanceof LsubRequest) {
            LsubRequest lsub = (LsubRequest) message;
            return !ModifiedUtf7Names.valid(lsub.getBaseReferenceName()) || !ModifiedUtf7Names.valid(lsub.getMailboxPattern());
        }
        return false;
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}

package org.cpmmss.james.imap.conformance;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.VanishedResponse;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.MessageManager.MailboxMetaData;

import reactor.core.publisher.Mono;

/**
 * {@code UID FETCH set (…) (CHANGEDSINCE m VANISHED)} (RFC 7162 3.2.6) answered with a VANISHED (EARLIER) over the
 * whole UID set asked: every UID of the set up to the folder's UIDNEXT - 1 that is not in the folder, sent before
 * the FETCH answers (as Dovecot). James 3.8.1 looked only between the first and the last UID still in the folder
 * (it narrows the set to them before it looks): a message expunged below the first or above the last — the newest
 * message deleted on another device — was never reported, and a folder emptied answered BAD. As for SELECT
 * (QRESYNC …) ({@code QresyncVanished}), the UIDs reported are those no longer in the folder, whenever they went
 * (RFC 7162 lets a server that does not keep every expunge's MODSEQ report older ones too). James's own VANISHED
 * (EARLIER) of the command is left out; its FETCH answers and everything else are James's.
 */
final class FetchVanished implements Responder {
    private final Responder delegate;

    private FetchVanished(Responder delegate) {
        this.delegate = delegate;
    }

    /** Whether {@code request} is a UID FETCH with the VANISHED modifier that James would process (QRESYNC on). */
    static boolean applies(FetchRequest request, ImapSession session) {
        return request.isUseUids() && request.getFetch().getVanished() && request.getFetch().getChangedSince() != -1
            && session.getSelected() != null
            && EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_QRESYNC);
    }

    /**
     * Sends the VANISHED (EARLIER) of {@code request} on {@code responder}, then returns the responder James's
     * processing is to answer on (its own VANISHED (EARLIER) left out).
     */
    static Mono<Responder> announce(FetchRequest request, Responder responder, ImapSession session,
                                    MailboxManager mailboxManager) {
        SelectedMailbox selected = session.getSelected();
        return Mono.from(mailboxManager.getMailboxReactive(selected.getMailboxId(), session.getMailboxSession()))
            .flatMap(mailbox -> {
                try {
                    return Mono.from(mailbox.getMetaDataReactive(MailboxMetaData.RecentMode.IGNORE,
                        session.getMailboxSession(), EnumSet.of(MailboxMetaData.Item.NextUid)));
                } catch (MailboxException e) {
                    return Mono.error(e);
                }
            })
            .map(metaData -> {
                List<UidRange> gone = gone(selected, request.getIdSet(), metaData.getUidNext().asLong());
                if (!gone.isEmpty()) {
                    responder.respond(new VanishedResponse(gone.toArray(UidRange[]::new), true));
                }
                return (Responder) new FetchVanished(responder);
            })
            // the folder cannot be read now: James processes the command and answers as it does
            .onErrorResume(MailboxException.class, e -> Mono.just(responder))
            .defaultIfEmpty(responder);
    }

    /** The UIDs of {@code set}, up to {@code uidNext} - 1, that are not in the selected folder, as ranges. */
    static List<UidRange> gone(SelectedMailbox selected, IdRange[] set, long uidNext) {
        List<UidRange> gone = new ArrayList<>();
        long last = uidNext - 1;
        for (IdRange range : set) {
            long high = Math.min(range.getHighVal(), last);
            long low = range.getLowVal() == Long.MAX_VALUE ? high : range.getLowVal();
            VanishedUids.absent(selected, low, high, gone);
        }
        return gone;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        if (message instanceof VanishedResponse && ((VanishedResponse) message).isEarlier()) {
            return;
        }
        delegate.respond(message);
    }

    @Override
    public void flush() {
        delegate.flush();
    }
}

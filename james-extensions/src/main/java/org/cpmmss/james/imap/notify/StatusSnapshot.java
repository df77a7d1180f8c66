package org.cpmmss.james.imap.notify;

import java.util.EnumSet;

import org.apache.james.imap.message.response.MailboxStatusResponse;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageManager.MailboxMetaData;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;

import reactor.core.publisher.Mono;

/**
 * The STATUS a NOTIFY client gets for a non-selected mailbox:
 * {@code MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ} (RFC 5465 5.2 asks for MESSAGES, UIDNEXT and
 * UIDVALIDITY; UNSEEN and HIGHESTMODSEQ are what CPM clients resynchronise with). Written by James's own STATUS
 * encoder, so it looks exactly like a STATUS command's answer.
 */
final class StatusSnapshot {
    private static final EnumSet<MailboxMetaData.Item> ITEMS = EnumSet.of(
        MailboxMetaData.Item.MailboxCounters, MailboxMetaData.Item.HighestModSeq, MailboxMetaData.Item.NextUid);

    private StatusSnapshot() {
    }

    static Mono<MailboxStatusResponse> of(MailboxManager mailboxManager, MailboxId mailboxId, MailboxPath path, MailboxSession session) {
        return Mono.from(mailboxManager.getMailboxReactive(mailboxId, session))
            .flatMap(mailbox -> metaData(mailbox, session))
            .map(metaData -> new MailboxStatusResponse(null, null, null, null,
                metaData.getMessageCount(), null, metaData.getUidNext(), metaData.getHighestModSeq(),
                metaData.getUidValidity(), metaData.getUnseenCount(), path.getName(), null));
    }

    private static Mono<MailboxMetaData> metaData(MessageManager mailbox, MailboxSession session) {
        try {
            return mailbox.getMetaDataReactive(MailboxMetaData.RecentMode.IGNORE, session, ITEMS);
        } catch (MailboxException e) {
            return Mono.error(e);
        }
    }
}

package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.MessageRange;

import reactor.core.publisher.Flux;

/**
 * RFC 7162 section 3.2.5.2: the flag changes a {@code SELECT/EXAMINE … (QRESYNC (uidvalidity modseq [known-uids]))}
 * must report, one {@code FETCH (UID FLAGS MODSEQ)} per message of the selected mailbox whose MODSEQ is above the
 * client's, restricted to the known UIDs when the client gave them. {@code \Recent} is added as James adds it to
 * its own flag updates (recent for this session).
 */
final class QresyncFlagChanges {
    private QresyncFlagChanges() {
    }

    static List<FetchResponse> since(SelectedMailbox selected, MailboxSession session, long knownModSeq, UidRange[] knownUids) {
        MessageManager mailbox = selected.getMessageManager();
        List<MessageRange> ranges = new ArrayList<>();
        if (knownUids == null || knownUids.length == 0) {
            ranges.add(MessageRange.all());
        } else {
            for (UidRange range : knownUids) {
                ranges.add(range.toMessageRange());
            }
        }
        List<FetchResponse> changes = new ArrayList<>();
        for (ComposedMessageIdWithMetaData message : Flux.fromIterable(ranges)
                .concatMap(range -> mailbox.listMessagesMetadata(range, session))
                .collectList()
                .block()) {
            if (message.getModSeq().asLong() <= knownModSeq) {
                continue;
            }
            selected.msn(message.getComposedMessageId().getUid()).foldSilent(() -> null, msn -> {
                Flags flags = new Flags(message.getFlags());
                if (selected.isRecent(message.getComposedMessageId().getUid())) {
                    flags.add(Flags.Flag.RECENT);
                } else {
                    flags.remove(Flags.Flag.RECENT);
                }
                changes.add(new FetchResponse(msn, flags, message.getComposedMessageId().getUid(), null, message.getModSeq(),
                    null, null, null, null, null, null, null, null));
                return null;
            });
        }
        changes.sort((a, b) -> Integer.compare(a.getMessageNumber().asInt(), b.getMessageNumber().asInt()));
        return changes;
    }
}

package org.cpmmss.james.imap.profile;

import java.util.EnumSet;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MessageManager.MailboxMetaData;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;

/**
 * {@code SELECT}: James reads the mailbox's HIGHESTMODSEQ, then clears {@code \Recent} on the recent messages, which
 * gives them a new MODSEQ; the HIGHESTMODSEQ it reports is therefore below theirs and the client's first
 * {@code CHANGEDSINCE <HIGHESTMODSEQ>} returns them although nothing the client can see changed. When this SELECT
 * took messages' {@code \Recent}, the reported HIGHESTMODSEQ is read again after that reset (the answer is built
 * after it), so the client gets only real changes, as from Dovecot, where {@code \Recent} has no MODSEQ.
 * A change by another session after the reset is not lost: the selected mailbox reports it as a flag update.
 */
final class SelectHighestModSeq implements Responder {
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();
    private final Responder delegate;
    private final ImapSession session;

    SelectHighestModSeq(Responder delegate, ImapSession session) {
        this.delegate = delegate;
        this.session = session;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        delegate.respond(afterRecentReset(message));
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    private ImapResponseMessage afterRecentReset(ImapResponseMessage message) {
        if (!(message instanceof StatusResponse)) {
            return message;
        }
        StatusResponse status = (StatusResponse) message;
        StatusResponse.ResponseCode code = status.getResponseCode();
        SelectedMailbox selected = session.getSelected();
        if (status.getTag() != null || code == null || !"HIGHESTMODSEQ".equals(code.getCode())
            || selected == null || selected.recentCount() == 0) {
            return message;
        }
        try {
            ModSeq current = selected.getMessageManager()
                .getMetaData(MailboxMetaData.RecentMode.IGNORE, session.getMailboxSession(), EnumSet.of(MailboxMetaData.Item.HighestModSeq))
                .getHighestModSeq();
            if (current.asLong() <= code.getNumber()) {
                return message;
            }
            return STATUS_RESPONSES.untaggedOk(HumanReadableText.HIGHEST_MOD_SEQ, StatusResponse.ResponseCode.highestModSeq(current));
        } catch (MailboxException e) {
            return message;
        }
    }
}

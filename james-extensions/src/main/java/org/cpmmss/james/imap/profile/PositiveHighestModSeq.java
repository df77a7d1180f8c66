package org.cpmmss.james.imap.profile;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.response.MailboxStatusResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.ModSeq;

/**
 * RFC 7162's HIGHESTMODSEQ is a {@code mod-sequence-value}, a positive number; James reports 0 for a mailbox that
 * never held a message ({@code * OK [HIGHESTMODSEQ 0]}, {@code STATUS … (HIGHESTMODSEQ 0)}). interimap reads 0 as
 * "no value" and re-syncs such a folder forever. This responder reports 1 instead, as Dovecot does for an empty
 * mailbox; the stores give the first message MODSEQ 2 (their allocation starts above 1), so CHANGEDSINCE 1 finds it.
 */
final class PositiveHighestModSeq implements Responder {
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();
    private static final ModSeq LOWEST = ModSeq.of(1);
    private final Responder delegate;

    PositiveHighestModSeq(Responder delegate) {
        this.delegate = delegate;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        delegate.respond(positive(message));
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    static ImapResponseMessage positive(ImapResponseMessage message) {
        if (message instanceof StatusResponse) {
            StatusResponse status = (StatusResponse) message;
            StatusResponse.ResponseCode code = status.getResponseCode();
            if (status.getTag() == null && code != null && "HIGHESTMODSEQ".equals(code.getCode()) && code.getNumber() == 0
                && status.getServerResponseType() == StatusResponse.Type.OK) {
                return STATUS_RESPONSES.untaggedOk(status.getTextKey(), StatusResponse.ResponseCode.highestModSeq(LOWEST));
            }
        }
        if (message instanceof MailboxStatusResponse) {
            MailboxStatusResponse status = (MailboxStatusResponse) message;
            if (status.getHighestModSeq() != null && status.getHighestModSeq().asLong() == 0) {
                return new MailboxStatusResponse(status.getAppendLimit(), status.getSize(), status.getDeleted(),
                    status.getDeletedStorage(), status.getMessages(), status.getRecent(), status.getUidNext(), LOWEST,
                    status.getUidValidity(), status.getUnseen(), status.getMailbox(), status.getMailboxId());
            }
        }
        return message;
    }
}

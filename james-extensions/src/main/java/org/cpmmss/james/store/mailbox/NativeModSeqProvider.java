package org.cpmmss.james.store.mailbox;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.cpmmss.james.store.api.MailStorage;

/**
 * James's {@link ModSeqProvider} on our store: the folder's highest MODSEQ, allocated durably; writes of the store
 * allocate theirs inside their own transaction.
 */
public final class NativeModSeqProvider implements ModSeqProvider {
    private final MailStorage storage;

    public NativeModSeqProvider(MailStorage storage) {
        this.storage = storage;
    }

    @Override
    public ModSeq nextModSeq(Mailbox mailbox) {
        return nextModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq nextModSeq(MailboxId mailboxId) {
        return ModSeq.of(storage.messages().allocateModSeq(NativeMailboxId.raw(mailboxId)));
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) {
        return highestModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId) {
        return ModSeq.of(storage.folders().highWater(NativeMailboxId.raw(mailboxId)).highestModSeq());
    }
}

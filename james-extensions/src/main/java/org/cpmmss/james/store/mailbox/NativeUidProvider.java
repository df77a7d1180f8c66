package org.cpmmss.james.store.mailbox;

import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.cpmmss.james.store.api.MailStorage;

/**
 * James's {@link UidProvider} on our store. Appends allocate their UID inside their own write; this is for callers
 * that reserve a UID on its own (it is durably recorded, never handed out twice).
 */
public final class NativeUidProvider implements UidProvider {
    private final MailStorage storage;

    public NativeUidProvider(MailStorage storage) {
        this.storage = storage;
    }

    @Override
    public MessageUid nextUid(Mailbox mailbox) {
        return nextUid(mailbox.getMailboxId());
    }

    @Override
    public MessageUid nextUid(MailboxId mailboxId) {
        return MessageUid.of(storage.messages().allocateUid(NativeMailboxId.raw(mailboxId)));
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox) {
        long last = storage.folders().highWater(NativeMailboxId.raw(mailbox.getMailboxId())).lastUid();
        return last == 0 ? Optional.empty() : Optional.of(MessageUid.of(last));
    }
}

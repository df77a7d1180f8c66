package org.cpmmss.james.mailbox;

import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/**
 * UIDs of the JPA mailbox from reserved blocks ({@link FolderCounterBlocks}): James's provider commits one
 * transaction per appended message for its UID; this one commits one per {@value #BLOCK} messages of a folder.
 */
public class ReservedUidProvider extends JPAUidProvider {
    static final int BLOCK = 64;

    private final FolderCounterBlocks uids;

    @Inject
    public ReservedUidProvider(EntityManagerFactory factory) {
        super(factory);
        this.uids = new FolderCounterBlocks(new MailboxCounterColumn(factory, JPAMailbox::consumeUid, "findLastUid"), BLOCK);
    }

    @Override
    public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
        return nextUid(mailbox.getMailboxId());
    }

    @Override
    public MessageUid nextUid(MailboxId mailboxId) throws MailboxException {
        return MessageUid.of(uids.next(((JPAId) mailboxId).getRawId()));
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox) throws MailboxException {
        return asUid(uids.last(((JPAId) mailbox.getMailboxId()).getRawId()));
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox, EntityManager manager) throws MailboxException {
        return lastUid(mailbox);
    }


    private static Optional<MessageUid> asUid(long value) {
        return value == 0 ? Optional.empty() : Optional.of(MessageUid.of(value));
    }
}

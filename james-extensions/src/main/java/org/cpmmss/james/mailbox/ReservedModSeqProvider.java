package org.cpmmss.james.mailbox;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/**
 * MODSEQs of the JPA mailbox from reserved blocks ({@link FolderCounterBlocks}): James's provider commits one
 * transaction per appended message and per flag change; this one commits one per {@value #BLOCK} values of a
 * folder. HIGHESTMODSEQ is the last value handed out (after a restart: the stored top, above every value used).
 */
public class ReservedModSeqProvider extends JPAModSeqProvider {
    static final int BLOCK = 64;

    private final FolderCounterBlocks modSeqs;

    @Inject
    public ReservedModSeqProvider(EntityManagerFactory factory) {
        super(factory);
        this.modSeqs = new FolderCounterBlocks(
            new MailboxCounterColumn(factory, JPAMailbox::consumeModSeq, "findHighestModSeq"), BLOCK);
    }

    @Override
    public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
        return nextModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq nextModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(modSeqs.next(((JPAId) mailboxId).getRawId()));
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
        return highestModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(modSeqs.last(((JPAId) mailboxId).getRawId()));
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId, EntityManager manager) throws MailboxException {
        return highestModSeq(mailboxId);
    }
}

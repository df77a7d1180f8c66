package org.cpmmss.james.mailbox;

import java.util.ArrayList;
import java.util.List;

import javax.mail.Flags;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.openjpa.persistence.OpenJPAPersistence;

/**
 * James's JPA message mapper, with the {@code \Recent} reset of a SELECT done in three statements instead of one
 * entity load and one UPDATE per recent message.
 *
 * <p>James resets {@code \Recent} by loading every recent message as an entity, changing its flags and writing
 * it back (issue 11 (d): most of a first SELECT on a large conversation once the search index no longer
 * re-indexed them). Here, inside the SELECT's transaction: one read of the recent messages' flags (rows locked),
 * one read of their user flags, one UPDATE that clears {@code \Recent} and gives them one new MODSEQ. The result
 * is what James returns: one {@link UpdatedFlags} per reset message, old flags with {@code \Recent}, new flags
 * without, the new MODSEQ (RFC 7162: a flag change bumps MODSEQ; James too uses one MODSEQ per UID range).</p>
 */
public class BulkRecentResetMessageMapper extends JPAMessageMapper {
    private static final String RESET = "UPDATE JAMES_MAIL SET MAIL_IS_RECENT = FALSE, MAIL_MODSEQ = ? "
        + "WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = TRUE AND MAIL_UID BETWEEN ? AND ?";

    private final JPAModSeqProvider modSeqProvider;

    public BulkRecentResetMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                        EntityManagerFactory entityManagerFactory) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
        this.modSeqProvider = modSeqProvider;
    }

    @Override
    public List<UpdatedFlags> resetRecent(Mailbox mailbox) throws MailboxException {
        if (getEntityManager().getTransaction().isActive()) {
            return resetRecentInTransaction(mailbox);
        }
        return execute(() -> resetRecentInTransaction(mailbox));
    }

    private List<UpdatedFlags> resetRecentInTransaction(Mailbox mailbox) throws MailboxException {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        EntityManager entityManager = getEntityManager();
        try {
            entityManager.flush();
            List<MessageFlagRows.Row> recent = MessageFlagRows.recentForUpdate(entityManager, mailboxId);
            if (recent.isEmpty()) {
                return List.of();
            }
            ModSeq modSeq = modSeqProvider.nextModSeq(mailbox);
            entityManager.createNativeQuery(RESET)
                .setParameter(1, modSeq.asLong())
                .setParameter(2, mailboxId)
                .setParameter(3, recent.get(0).uid())
                .setParameter(4, recent.get(recent.size() - 1).uid())
                .executeUpdate();
            // entities of this persistence context, if any, reload their flags from the database on next access
            OpenJPAPersistence.cast(entityManager).evictAll();
            List<UpdatedFlags> updated = new ArrayList<>(recent.size());
            for (MessageFlagRows.Row row : recent) {
                Flags newFlags = new Flags(row.flags());
                newFlags.remove(Flags.Flag.RECENT);
                updated.add(UpdatedFlags.builder()
                    .uid(MessageUid.of(row.uid()))
                    .modSeq(modSeq)
                    .oldFlags(row.flags())
                    .newFlags(newFlags)
                    .build());
            }
            return updated;
        } catch (PersistenceException e) {
            throw new MailboxException("Reset of \\Recent failed in mailbox " + mailbox.getMailboxId(), e);
        }
    }
}

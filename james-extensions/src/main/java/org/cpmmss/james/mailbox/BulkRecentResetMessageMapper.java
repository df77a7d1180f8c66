package org.cpmmss.james.mailbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private static final String RECENT_FLAGS = "SELECT MAIL_UID, MAIL_IS_ANSWERED, MAIL_IS_DELETED, MAIL_IS_DRAFT, "
        + "MAIL_IS_FLAGGED, MAIL_IS_SEEN FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = TRUE "
        + "ORDER BY MAIL_UID FOR UPDATE";
    private static final String USER_FLAGS = "SELECT MAIL_UID, USERFLAG_NAME FROM JAMES_MAIL_USERFLAG "
        + "WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ? ORDER BY USERFLAG_ID";
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
            List<?> rows = entityManager.createNativeQuery(RECENT_FLAGS).setParameter(1, mailboxId).getResultList();
            if (rows.isEmpty()) {
                return List.of();
            }
            long lowest = uid(rows.get(0));
            long highest = uid(rows.get(rows.size() - 1));
            Map<Long, List<String>> userFlags = userFlags(entityManager, mailboxId, lowest, highest);
            ModSeq modSeq = modSeqProvider.nextModSeq(mailbox);
            entityManager.createNativeQuery(RESET)
                .setParameter(1, modSeq.asLong())
                .setParameter(2, mailboxId)
                .setParameter(3, lowest)
                .setParameter(4, highest)
                .executeUpdate();
            // entities of this persistence context, if any, reload their flags from the database on next access
            OpenJPAPersistence.cast(entityManager).evictAll();
            List<UpdatedFlags> updated = new ArrayList<>(rows.size());
            for (Object row : rows) {
                Object[] columns = (Object[]) row;
                long uid = uid(row);
                Flags newFlags = flags(columns, userFlags.getOrDefault(uid, List.of()));
                Flags oldFlags = new Flags(newFlags);
                oldFlags.add(Flags.Flag.RECENT);
                updated.add(UpdatedFlags.builder()
                    .uid(MessageUid.of(uid))
                    .modSeq(modSeq)
                    .oldFlags(oldFlags)
                    .newFlags(newFlags)
                    .build());
            }
            return updated;
        } catch (PersistenceException e) {
            throw new MailboxException("Reset of \\Recent failed in mailbox " + mailbox.getMailboxId(), e);
        }
    }

    private static Map<Long, List<String>> userFlags(EntityManager entityManager, long mailboxId, long lowest, long highest) {
        Map<Long, List<String>> byUid = new HashMap<>();
        for (Object row : entityManager.createNativeQuery(USER_FLAGS)
                .setParameter(1, mailboxId)
                .setParameter(2, lowest)
                .setParameter(3, highest)
                .getResultList()) {
            Object[] columns = (Object[]) row;
            byUid.computeIfAbsent(((Number) columns[0]).longValue(), uid -> new ArrayList<>()).add((String) columns[1]);
        }
        return byUid;
    }

    private static long uid(Object row) {
        return ((Number) ((Object[]) row)[0]).longValue();
    }

    private static Flags flags(Object[] columns, List<String> userFlags) {
        Flags flags = new Flags();
        Flags.Flag[] order = {Flags.Flag.ANSWERED, Flags.Flag.DELETED, Flags.Flag.DRAFT, Flags.Flag.FLAGGED, Flags.Flag.SEEN};
        for (int i = 0; i < order.length; i++) {
            if (Boolean.TRUE.equals(columns[i + 1])) {
                flags.add(order[i]);
            }
        }
        userFlags.forEach(flags::add);
        return flags;
    }
}

package org.cpmmss.james.mailbox;

import java.util.function.ToLongFunction;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;

/** A counter column of James's JPA mailbox row (last UID, highest MODSEQ), read and reserved by JPA. */
final class MailboxCounterColumn implements FolderCounterBlocks.StoredCounter {
    private final EntityManagerFactory factory;
    private final ToLongFunction<JPAMailbox> consumeOne;
    private final String readQuery;

    /**
     * @param consumeOne moves the row's counter up by one and returns it ({@code JPAMailbox::consumeUid})
     * @param readQuery  James's named query that reads the column ({@code findLastUid})
     */
    MailboxCounterColumn(EntityManagerFactory factory, ToLongFunction<JPAMailbox> consumeOne, String readQuery) {
        this.factory = factory;
        this.consumeOne = consumeOne;
        this.readQuery = readQuery;
    }

    @Override
    public long reserve(long folderId, int count) throws MailboxException {
        EntityManager manager = factory.createEntityManager();
        try {
            manager.getTransaction().begin();
            JPAMailbox row = manager.find(JPAMailbox.class, folderId);
            if (row == null) {
                throw new MailboxNotFoundException("mailbox " + folderId);
            }
            long top = 0;
            for (int i = 0; i < count; i++) {
                top = consumeOne.applyAsLong(row);
            }
            manager.getTransaction().commit();
            return top;
        } catch (PersistenceException e) {
            throw new MailboxException("cannot reserve " + readQuery + " values for mailbox " + folderId, e);
        } finally {
            if (manager.getTransaction().isActive()) {
                manager.getTransaction().rollback();
            }
            manager.close();
        }
    }

    @Override
    public long read(long folderId) throws MailboxException {
        EntityManager manager = factory.createEntityManager();
        try {
            return read(folderId, manager);
        } finally {
            manager.close();
        }
    }

    long read(long folderId, EntityManager manager) throws MailboxException {
        try {
            Object value = manager.createNamedQuery(readQuery).setParameter("idParam", folderId).getSingleResult();
            return value == null ? 0 : ((Number) value).longValue();
        } catch (PersistenceException e) {
            throw new MailboxException("cannot read " + readQuery + " for mailbox " + folderId, e);
        }
    }
}

package org.cpmmss.james.mailbox;

import java.util.Iterator;
import java.util.List;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import javax.persistence.Query;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.openjpa.JPAMailboxMessage;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.apache.openjpa.persistence.OpenJPAQuery;
import org.apache.openjpa.persistence.jdbc.FetchMode;
import org.apache.openjpa.persistence.jdbc.JDBCFetchPlan;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Loads the header bytes (FETCH of headers) or header and body bytes (FETCH of whole messages) with the
 * messages themselves, in the query that finds them.
 *
 * <p>James's JPA entities load their header and body lazily: a {@code UID FETCH 1:* BODY.PEEK[HEADER]} on a
 * 10,000-object conversation ran one query for the messages, then one more query per message for its headers
 * (and another for its body in a body pass), issue 11 (d). Here the range query asks OpenJPA to fetch those
 * columns at once. Metadata-only reads (FLAGS, MODSEQ, CHANGEDSINCE, the \Recent reset) are unchanged.</p>
 */
public class ContentFetchingMessageMapper extends BulkRecentResetMessageMapper {

    public ContentFetchingMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                        EntityManagerFactory entityManagerFactory) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int max)
        throws MailboxException {
        if (!loadsContent(type) && !isFew(set)) {
            return super.findInMailbox(mailbox, set, type, max);
        }
        return find((JPAId) mailbox.getMailboxId(), set, type, max).iterator();
    }

    @Override
    public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange set, FetchType type, int max) {
        if (!loadsContent(type) && !isFew(set)) {
            return super.findInMailboxReactive(mailbox, set, type, max);
        }
        return Flux.defer(() -> {
            try {
                return Flux.fromIterable(find((JPAId) mailbox.getMailboxId(), set, type, max));
            } catch (MailboxException e) {
                return Flux.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static boolean loadsContent(FetchType type) {
        return type == FetchType.HEADERS || type == FetchType.FULL;
    }

    /**
     * One message, or a range of at most {@link #FEW_UIDS} UIDs: its flags and properties are read with one small
     * query each per message instead of OpenJPA's "parallel" eager selects. Those join the message table and sort by
     * (mailbox, uid, ...), and for that shape H2 2.2 walks the mailbox's foreign-key index — every message of the
     * folder — instead of the primary key: 0.3 s per message looked up in a 10,000-message folder, so a search
     * answering 20 hits at 1,000,000 messages took 10 s, and each single-message FETCH grew with its folder.
     */
    static boolean isFew(MessageRange set) {
        return set.getType() == MessageRange.Type.ONE
            || (set.getType() == MessageRange.Type.RANGE && set.getUidTo().asLong() - set.getUidFrom().asLong() < FEW_UIDS);
    }

    static final int FEW_UIDS = 16;

    @SuppressWarnings("unchecked")
    private List<MailboxMessage> find(JPAId mailboxId, MessageRange set, FetchType type, int max)
        throws MailboxException {
        try {
            Query query = rangeQuery(mailboxId, set);
            if (max > 0) {
                query.setMaxResults(max);
            }
            OpenJPAQuery<?> openJpaQuery = OpenJPAPersistence.cast(query);
            if (loadsContent(type)) {
                openJpaQuery.getFetchPlan().addField(JPAMailboxMessage.class, "header");
            }
            if (type == FetchType.FULL) {
                openJpaQuery.getFetchPlan().addField(JPAMailboxMessage.class, "body");
            }
            if (isFew(set)) {
                ((JDBCFetchPlan) openJpaQuery.getFetchPlan()).setEagerFetchMode(FetchMode.NONE);
            }
            return query.getResultList();
        } catch (PersistenceException e) {
            throw new MailboxException("Search of MessageRange " + set + " failed in mailbox " + mailboxId.serialize(), e);
        }
    }

    /** The named query James itself uses for the range (JPAMessageMapper). */
    private Query rangeQuery(JPAId mailboxId, MessageRange set) {
        switch (set.getType()) {
            case FROM:
                return getEntityManager().createNamedQuery("findMessagesInMailboxAfterUID")
                    .setParameter("idParam", mailboxId.getRawId())
                    .setParameter("uidParam", set.getUidFrom().asLong());
            case ONE:
                return getEntityManager().createNamedQuery("findMessagesInMailboxWithUID")
                    .setParameter("idParam", mailboxId.getRawId())
                    .setParameter("uidParam", set.getUidFrom().asLong())
                    .setMaxResults(1);
            case RANGE:
                return getEntityManager().createNamedQuery("findMessagesInMailboxBetweenUIDs")
                    .setParameter("idParam", mailboxId.getRawId())
                    .setParameter("fromParam", set.getUidFrom().asLong())
                    .setParameter("toParam", set.getUidTo().asLong());
            case ALL:
            default:
                return getEntityManager().createNamedQuery("findMessagesInMailbox")
                    .setParameter("idParam", mailboxId.getRawId());
        }
    }
}

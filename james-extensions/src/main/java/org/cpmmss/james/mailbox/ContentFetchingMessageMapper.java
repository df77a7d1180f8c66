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
        if (!loadsContent(type)) {
            return super.findInMailbox(mailbox, set, type, max);
        }
        return findWithContent((JPAId) mailbox.getMailboxId(), set, type, max).iterator();
    }

    @Override
    public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange set, FetchType type, int max) {
        if (!loadsContent(type)) {
            return super.findInMailboxReactive(mailbox, set, type, max);
        }
        return Flux.defer(() -> {
            try {
                return Flux.fromIterable(findWithContent((JPAId) mailbox.getMailboxId(), set, type, max));
            } catch (MailboxException e) {
                return Flux.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static boolean loadsContent(FetchType type) {
        return type == FetchType.HEADERS || type == FetchType.FULL;
    }

    @SuppressWarnings("unchecked")
    private List<MailboxMessage> findWithContent(JPAId mailboxId, MessageRange set, FetchType type, int max)
        throws MailboxException {
        try {
            Query query = rangeQuery(mailboxId, set);
            if (max > 0) {
                query.setMaxResults(max);
            }
            OpenJPAQuery<?> openJpaQuery = OpenJPAPersistence.cast(query);
            openJpaQuery.getFetchPlan().addField(JPAMailboxMessage.class, "header");
            if (type == FetchType.FULL) {
                openJpaQuery.getFetchPlan().addField(JPAMailboxMessage.class, "body");
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

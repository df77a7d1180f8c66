package org.cpmmss.james.mailbox;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The UID, flags and MODSEQ of a range ({@code listMessagesMetadata}: FETCH of FLAGS/UID/MODSEQ only, the
 * CHANGEDSINCE resync, QRESYNC, SEARCH MODSEQ) read as two SQL projections ({@link MessageFlagRows}) instead of
 * loading every message of the range as an entity with its properties and keywords (issue 11 (d): a
 * {@code CHANGEDSINCE} resync of a 10,000-object conversation loaded 10,000 entities to answer 100). The result is
 * what James builds from the entities, message id included (JPA messages have none: a fresh one, as James's).
 */
public class MetadataProjectionMessageMapper extends ContentFetchingMessageMapper {

    public MetadataProjectionMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                           EntityManagerFactory entityManagerFactory) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
    }

    @Override
    public Flux<ComposedMessageIdWithMetaData> listMessagesMetadata(Mailbox mailbox, MessageRange set) {
        return Flux.defer(() -> {
            EntityManager entityManager = getEntityManager();
            try {
                if (entityManager.getTransaction().isActive()) {
                    entityManager.flush();
                }
                return Flux.fromIterable(MessageFlagRows.range(entityManager,
                    ((JPAId) mailbox.getMailboxId()).getRawId(), set.getUidFrom().asLong(), highest(set)));
            } catch (PersistenceException e) {
                return Flux.error(new MailboxException("Metadata of " + set + " failed in mailbox "
                    + mailbox.getMailboxId().serialize(), e));
            }
        }).map(row -> {
            MessageId messageId = new DefaultMessageId();
            return new ComposedMessageIdWithMetaData(
                new ComposedMessageId(mailbox.getMailboxId(), messageId, MessageUid.of(row.uid())),
                row.flags(), ModSeq.of(row.modSeq()), new ThreadId(messageId));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static long highest(MessageRange set) {
        switch (set.getType()) {
            case ONE:
                return set.getUidFrom().asLong();
            case RANGE:
                return set.getUidTo().asLong();
            case FROM:
            case ALL:
            default:
                return MessageUid.MAX_VALUE.asLong();
        }
    }
}

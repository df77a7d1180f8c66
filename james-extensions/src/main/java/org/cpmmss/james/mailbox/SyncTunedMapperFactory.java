package org.cpmmss.james.mailbox;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.store.mail.MessageMapper;

/**
 * James's JPA mapper factory whose message mappers reset {@code \Recent} in bulk ({@link BulkRecentResetMessageMapper})
 * load headers and bodies with the messages they are fetched for ({@link ContentFetchingMessageMapper}) and read
 * a range's flags and MODSEQ as SQL projections ({@link MetadataProjectionMessageMapper}).
 */
@Singleton
public class SyncTunedMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;

    @Inject
    public SyncTunedMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                        JPAModSeqProvider modSeqProvider) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new MetadataProjectionMessageMapper(uidProvider, modSeqProvider, entityManagerFactory);
    }
}

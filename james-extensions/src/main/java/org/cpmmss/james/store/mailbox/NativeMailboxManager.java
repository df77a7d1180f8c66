package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.util.EnumSet;

import javax.inject.Inject;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.NoMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;

/**
 * James's {@link StoreMailboxManager} on the native store: the same capabilities as James's JPA mailbox (user flags,
 * namespaces, MOVE, METADATA), folders opened as {@link NativeMessageManager}s whose writes take no folder lock, and
 * new messages announced in UID order ({@link OrderedAnnouncements}).
 */
public class NativeMailboxManager extends StoreMailboxManager {
    public static final EnumSet<MailboxCapabilities> MAILBOX_CAPABILITIES = EnumSet.of(MailboxCapabilities.UserFlag,
        MailboxCapabilities.Namespace, MailboxCapabilities.Move, MailboxCapabilities.Annotation);
    private static final MailboxPathLocker FOLDER_WRITES = new NoMailboxPathLocker();

    @Inject
    public NativeMailboxManager(NativeMapperFactory mapperFactory, SessionProvider sessionProvider,
                                MessageParser messageParser, MessageId.Factory messageIdFactory, EventBus eventBus,
                                StoreMailboxAnnotationManager annotationManager, StoreRightManager storeRightManager,
                                QuotaComponents quotaComponents, MessageSearchIndex index,
                                ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock) {
        super(mapperFactory, sessionProvider, new JVMMailboxPathLocker(), messageParser, messageIdFactory,
            annotationManager, new OrderedAnnouncements(eventBus, mapperFactory.announcementOrder()),
            storeRightManager, quotaComponents, index, MailboxManagerConfiguration.DEFAULT,
            PreDeletionHooks.NO_PRE_DELETION_HOOK, threadIdGuessingAlgorithm, clock);
    }

    /**
     * A folder opened for its messages. Its appends, copies and moves take no folder lock (James's path locker
     * serialised them, force included): the store allocates each UID under the folder row's lock and commits in UID
     * order, concurrent appends share one forced commit, and the event bus announces the new messages in UID order.
     * Creating and renaming folders still take the path lock.
     */
    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailbox, MailboxSession session) {
        return new NativeMessageManager(getMapperFactory(), getMessageSearchIndex(), getEventBus(), FOLDER_WRITES,
            mailbox, getQuotaComponents().getQuotaManager(), getQuotaComponents().getQuotaRootResolver(),
            getMessageIdFactory(), configuration.getBatchSizes(), getStoreRightManager(),
            getThreadIdGuessingAlgorithm(), getClock());
    }

    @Override
    public EnumSet<MailboxCapabilities> getSupportedMailboxCapabilities() {
        return MAILBOX_CAPABILITIES;
    }
}

package org.cpmmss.james.store.mailbox;

import java.time.Duration;

import org.apache.commons.lang3.NotImplementedException;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.cpmmss.james.store.api.MailStorage;

import reactor.core.scheduler.Schedulers;

/**
 * James's {@link MailboxSessionMapperFactory} for our store. The mappers hold no per-session state, so one instance
 * of each serves every session, except the message mapper: a light view per session, whose appends carry the
 * session's recorded key ({@code RecordedKey}). MessageIdMapper is not supported (as with James's JPA mailbox).
 */
public class NativeMapperFactory extends MailboxSessionMapperFactory {
    /** How long an announcement waits for earlier writes of this node to be announced ({@link AnnouncementOrder}). */
    static final Duration ANNOUNCEMENT_WAIT = Duration.ofSeconds(2);

    private final MailboxMapper mailboxMapper;
    private final NativeMessageMapper messageMapper;
    private final SubscriptionMapper subscriptionMapper;
    private final AnnotationMapper annotationMapper;
    private final UidProvider uidProvider;
    private final ModSeqProvider modSeqProvider;
    private final AnnouncementOrder announcements;

    public NativeMapperFactory(MailStorage storage, MessageId.Factory messageIds) {
        this(storage, messageIds, AppendObserver.NONE);
    }

    /** With an observer told about each appended message and its bytes (the search indexer's hand-over). */
    public NativeMapperFactory(MailStorage storage, MessageId.Factory messageIds, AppendObserver appends) {
        this.mailboxMapper = new NativeMailboxMapper(storage.folders());
        this.announcements = new AnnouncementOrder(ANNOUNCEMENT_WAIT, Schedulers.parallel());
        this.messageMapper = new NativeMessageMapper(storage, messageIds, appends, announcements);
        this.subscriptionMapper = new NativeSubscriptionMapper(storage.subscriptions());
        this.annotationMapper = new NativeAnnotationMapper(storage.annotations());
        this.uidProvider = new NativeUidProvider(storage);
        this.modSeqProvider = new NativeModSeqProvider(storage);
    }

    @Override
    public AnnotationMapper createAnnotationMapper(MailboxSession session) {
        return annotationMapper;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        // per session (James keeps it in the session): an append reads the session's recorded key
        return messageMapper.forSession(session);
    }

    @Override
    public MessageIdMapper createMessageIdMapper(MailboxSession session) {
        throw new NotImplementedException("MessageIdMapper is not supported by the native store");
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return mailboxMapper;
    }

    @Override
    public SubscriptionMapper createSubscriptionMapper(MailboxSession session) {
        return subscriptionMapper;
    }

    @Override
    public UidProvider getUidProvider() {
        return uidProvider;
    }

    @Override
    public ModSeqProvider getModSeqProvider() {
        return modSeqProvider;
    }

    /** The order of this node's announcements of new messages, shared with the mailbox manager's event bus. */
    AnnouncementOrder announcementOrder() {
        return announcements;
    }
}

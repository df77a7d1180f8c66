package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.util.Date;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager.AppendResult;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.MailboxReactorUtils;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.event.EventFactory;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.utils.MimeMessageHeadersUtil;
import org.apache.james.mailbox.store.quota.QuotaChecker;
import org.apache.james.mime4j.message.HeaderImpl;

import reactor.core.publisher.Mono;

/**
 * Appends one message to a folder of the native store on the calling thread: the message read once
 * ({@link IncomingMessage}), the quota checked, the folder's path lock taken (none for the native store's folders:
 * {@link NativeMailboxManager}), the message written by the session's mapper (its UID and MODSEQ allocated, its write
 * forced or joined to the session's shared force, as any mapper append) and announced by James's Added event to the
 * folder's registration key before the caller is answered. James's {@code StoreMessageManager} does the same work on
 * Reactor's bounded-elastic pool while the caller waits (two thread switches per append), builds a James message
 * that the mapper reads back and copies, and parses the header fields for a thread guess that does not use them.
 */
final class FolderAppend {
    /** What to append: the bytes, and what the command asked for (the flags as stored, {@code \Recent} included). */
    record Request(byte[] bytes, Date internalDate, Flags flags, boolean delivery) {
    }

    private final MailboxSessionMapperFactory mapperFactory;
    private final EventBus eventBus;
    private final MailboxPathLocker locker;
    private final QuotaManager quotaManager;
    private final QuotaRootResolver quotaRootResolver;
    private final MessageId.Factory messageIds;
    private final ThreadIdGuessingAlgorithm threads;
    private final Clock clock;

    FolderAppend(MailboxSessionMapperFactory mapperFactory, EventBus eventBus, MailboxPathLocker locker,
                 QuotaManager quotaManager, QuotaRootResolver quotaRootResolver, MessageId.Factory messageIds,
                 ThreadIdGuessingAlgorithm threads, Clock clock) {
        this.mapperFactory = mapperFactory;
        this.eventBus = eventBus;
        this.locker = locker;
        this.quotaManager = quotaManager;
        this.quotaRootResolver = quotaRootResolver;
        this.messageIds = messageIds;
        this.threads = threads;
        this.clock = clock;
    }

    /** Appends and announces, then answers; a blocking call, made on the caller's thread. */
    AppendResult append(Mailbox folder, Request request, MailboxSession session) throws MailboxException {
        return locker.executeWithLock(folder.generateAssociatedPath(), () -> {
            Stored stored = stored(folder, request, session);
            MailboxReactorUtils.block(announcement(folder, stored, request, session));
            return stored.result(folder);
        }, MailboxPathLocker.LockType.Write);
    }

    /** Appends, then announces without holding the thread while the announcement waits for its turn. */
    Mono<AppendResult> appendReactive(Mailbox folder, Request request, MailboxSession session) {
        return Mono.from(locker.executeReactiveWithLockReactive(folder.generateAssociatedPath(),
            Mono.fromCallable(() -> stored(folder, request, session))
                .flatMap(stored -> announcement(folder, stored, request, session).thenReturn(stored.result(folder))),
            MailboxPathLocker.LockType.Write));
    }

    private record Stored(MessageMetaData metaData, long size) {
        AppendResult result(Mailbox folder) {
            return new AppendResult(new ComposedMessageId(folder.getMailboxId(), metaData.getMessageId(),
                metaData.getUid()), size, Optional.empty(), metaData.getThreadId());
        }
    }

    private Stored stored(Mailbox folder, Request request, MailboxSession session) throws MailboxException {
        IncomingMessage message = IncomingMessage.of(request.bytes());
        new QuotaChecker(quotaManager, quotaRootResolver, folder).tryAddition(1, message.size());
        if (!(mapperFactory.getMessageMapper(session) instanceof NativeMessageMapper mapper)) {
            throw new MailboxException("not a folder of the native store's mapper");
        }
        MessageId messageId = messageIds.generate();
        Date internalDate = request.internalDate() != null ? request.internalDate() : Date.from(clock.instant());
        MessageMetaData metaData = mapper.add(folder, message, request.flags(), internalDate, messageId,
            thread(messageId, message.header(), session));
        return new Stored(metaData, message.size());
    }

    /** The naive guess (James's, as bound) is the message's own id: no header field to parse for it. */
    private ThreadId thread(MessageId messageId, HeaderImpl header, MailboxSession session) {
        if (threads instanceof NaiveThreadIdGuessingAlgorithm) {
            return ThreadId.fromBaseMessageId(messageId);
        }
        return threads.guessThreadIdReactive(messageId, MimeMessageHeadersUtil.parseMimeMessageId(header),
            MimeMessageHeadersUtil.parseInReplyTo(header), MimeMessageHeadersUtil.parseReferences(header),
            MimeMessageHeadersUtil.parseSubject(header), session).block();
    }

    private Mono<Void> announcement(Mailbox folder, Stored stored, Request request, MailboxSession session) {
        return eventBus.dispatch(EventFactory.added()
                .randomEventId()
                .mailboxSession(session)
                .mailbox(folder)
                .addMetaData(stored.metaData())
                .isDelivery(request.delivery())
                .build(),
            new MailboxIdRegistrationKey(folder.getMailboxId()));
    }
}

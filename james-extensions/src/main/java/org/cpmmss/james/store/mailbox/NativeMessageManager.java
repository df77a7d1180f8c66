package org.cpmmss.james.store.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.ReadOnlyException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageMoves;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.BatchSizes;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.MessageFactory;
import org.apache.james.mailbox.store.MessageStorer;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.event.EventFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.quota.QuotaChecker;
import org.apache.james.util.ReactorUtils;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.search.MessageSearchIndex;

import com.google.common.collect.ImmutableSet;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's {@link StoreMessageManager} for a folder of the native store: messages without attachment records (as
 * with James's JPA mailbox), user flags (keywords) permanent.
 */
public class NativeMessageManager extends StoreMessageManager {
    private final MailboxSessionMapperFactory mapperFactory;
    private final EventBus eventBus;
    private final QuotaManager quotaManager;
    private final QuotaRootResolver quotaRootResolver;
    private final FolderAppend appends;

    public NativeMessageManager(MailboxSessionMapperFactory mapperFactory, MessageSearchIndex index,
                                EventBus eventBus, MailboxPathLocker locker, Mailbox mailbox,
                                QuotaManager quotaManager, QuotaRootResolver quotaRootResolver,
                                MessageId.Factory messageIdFactory, BatchSizes batchSizes,
                                StoreRightManager storeRightManager,
                                ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock) {
        super(StoreMailboxManager.DEFAULT_NO_MESSAGE_CAPABILITIES, mapperFactory, index, eventBus, locker, mailbox,
            quotaManager, quotaRootResolver, batchSizes, storeRightManager, PreDeletionHooks.NO_PRE_DELETION_HOOK,
            new MessageStorer.WithoutAttachment(mapperFactory, messageIdFactory,
                new MessageFactory.StoreMessageFactory(), threadIdGuessingAlgorithm, clock));
        this.mapperFactory = mapperFactory;
        this.eventBus = eventBus;
        this.quotaManager = quotaManager;
        this.quotaRootResolver = quotaRootResolver;
        this.appends = new FolderAppend(mapperFactory, eventBus, locker, quotaManager, quotaRootResolver,
            messageIdFactory, threadIdGuessingAlgorithm, clock);
    }

    /**
     * Appends on the calling thread ({@link FolderAppend}): an LMTP delivery's thread, which waits for the answer
     * anyway, no longer hands the append to Reactor's bounded-elastic pool and back. Same steps, answers and event
     * as James's append; the flags trimmed to the permanent ones, {@code \Recent} added when asked.
     */
    @Override
    public AppendResult appendMessage(AppendCommand command, MailboxSession session) throws MailboxException {
        return appendHere(read(command.getMsgIn()), command.getInternalDate(), command.getFlags(), command.isRecent(),
            command.isDelivery(), session);
    }

    /**
     * The append as a publisher (James's IMAP APPEND): subscribed from an IMAP event loop, which other connections
     * share and which must not wait for the store's forced write, so the append runs on a bounded-elastic worker, as
     * James's does — one hand-off, the announcement chained after the write without holding that worker.
     */
    @Override
    public Publisher<AppendResult> appendMessageReactive(AppendCommand command, MailboxSession session) {
        return Mono.defer(() -> {
            if (!isWriteable(session)) {
                return Mono.error(new ReadOnlyException(getMailboxPath()));
            }
            try {
                return appends.appendReactive(getMailboxEntity(), request(read(command.getMsgIn()),
                    command.getInternalDate(), command.getFlags(), command.isRecent(), command.isDelivery(), session),
                    session);
            } catch (MailboxException e) {
                return Mono.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** James's older entry point (not a delivery), on the calling thread as {@link #appendMessage(AppendCommand, MailboxSession)}. */
    @Override
    public AppendResult appendMessage(InputStream message, Date internalDate, MailboxSession session, boolean recent,
                                      Flags flags) throws MailboxException {
        return appendHere(read(message), internalDate, flags, recent, !MailboxEvents.Added.IS_DELIVERY, session);
    }

    /** Both blocking entry points: the write check, then the append on the calling thread. */
    private AppendResult appendHere(byte[] bytes, Date internalDate, Flags flags, boolean recent, boolean delivery,
                                    MailboxSession session) throws MailboxException {
        if (!isWriteable(session)) {
            throw new ReadOnlyException(getMailboxPath());
        }
        return appends.append(getMailboxEntity(), request(bytes, internalDate, flags, recent, delivery, session),
            session);
    }

    /**
     * The caller's flags are trimmed (and given {@code \Recent}) in place, as James's append leaves them: James's
     * MailboxManager contract suite compares what it stored with the {@code Flags} object it passed.
     */
    private FolderAppend.Request request(byte[] bytes, Date internalDate, Flags flags, boolean recent,
                                         boolean delivery, MailboxSession session) {
        Flags trimmed = flags == null ? new Flags() : permanentOnly(flags, session);
        if (recent) {
            trimmed.add(Flags.Flag.RECENT);
        }
        return new FolderAppend.Request(bytes, internalDate, trimmed, delivery);
    }

    private static byte[] read(Content content) throws MailboxException {
        try (InputStream in = content.getInputStream()) {
            return read(in);
        } catch (IOException e) {
            throw new MailboxException("Unable to parse message", e);
        }
    }

    private static byte[] read(InputStream message) throws MailboxException {
        try {
            return message.readAllBytes();
        } catch (IOException e) {
            throw new MailboxException("Unable to parse message", e);
        }
    }

    /**
     * Copies the messages of all {@code sets} of this folder into {@code target} at once, where James's
     * {@link #copyTo} copies one range: the messages read range by range (in the order of the sets), the target's
     * quota checked once for all of them, the copies written by one mapper call (one store transaction on the
     * native store) and announced by one Added and one MessageMove event (James: one of each per range). The
     * copies' UIDs and MODSEQs are those range-by-range copies would have had. Returns the copies' UIDs.
     */
    public Mono<List<MessageUid>> copyAllTo(List<MessageRange> sets, NativeMessageManager target,
                                            MailboxSession session) {
        if (!target.isWriteable(session)) {
            return Mono.error(new ReadOnlyException(target.getMailboxPath()));
        }
        MessageMapper mapper = mapperFactory.getMessageMapper(session);
        Mailbox source = getMailboxEntity();
        // off the calling thread (an IMAP connection's event loop, which other connections share): the reads and the
        // write, which waits for its force, on one worker
        return Flux.fromIterable(sets)
            .concatMap(set -> mapper.findInMailboxReactive(source, set, MessageMapper.FetchType.METADATA, -1))
            .collectList()
            .flatMap(originals -> originals.isEmpty() ? Mono.just(List.<MessageUid>of())
                : target.copied(originals, session).flatMap(copies -> announced(originals, copies, target, session)))
            .subscribeOn(ReactorUtils.BLOCKING_CALL_WRAPPER);
    }

    /**
     * Changes the flags of the messages of all {@code sets} of this folder at once, where James's
     * {@link #setFlagsReactive} changes one range: the session's rights checked and the flags trimmed to the permanent
     * ones once (as James does for each range), every range changed in one store transaction (each under a MODSEQ of
     * its own, as range by range), and the changes announced by one FlagsUpdated event (James: one per range). Returns
     * each range's changes (every message of the range, changed or not, with its flags and MODSEQ after the change).
     */
    public Mono<List<List<UpdatedFlags>>> setFlagsAtOnce(Flags flags, MessageManager.FlagsUpdateMode mode,
                                                         List<MessageRange> sets, MailboxSession session) {
        if (!isWriteable(session)) {
            return Mono.error(new ReadOnlyException(getMailboxPath()));
        }
        permanentOnly(flags, session);
        if (!(mapperFactory.getMessageMapper(session) instanceof NativeMessageMapper mapper)) {
            return Mono.error(new MailboxException("not a folder of the native store's mapper"));
        }
        return Mono.fromCallable(() -> mapper.execute(() -> mapper.updateFlags(getMailboxEntity(),
                new FlagsUpdateCalculator(flags, mode), sets)))
            .flatMap(byRange -> {
                List<UpdatedFlags> all = new ArrayList<>();
                byRange.forEach(all::addAll);
                if (all.isEmpty()) {
                    return Mono.just(byRange);
                }
                return eventBus.dispatch(EventFactory.flagsUpdated()
                        .randomEventId()
                        .mailboxSession(session)
                        .mailbox(getMailboxEntity())
                        .updatedFlags(all)
                        .build(),
                    new MailboxIdRegistrationKey(getMailboxEntity().getMailboxId())).thenReturn(byRange);
            })
            .subscribeOn(ReactorUtils.BLOCKING_CALL_WRAPPER);
    }

    /** {@code flags} without those this folder does not keep (as James trims them; {@code \Recent} stays). */
    private Flags permanentOnly(Flags flags, MailboxSession session) {
        Flags permanent = getPermanentFlags(session);
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag != Flags.Flag.RECENT && !permanent.contains(flag)) {
                flags.remove(flag);
            }
        }
        if (!permanent.contains(Flags.Flag.USER)) {
            for (String keyword : flags.getUserFlags()) {
                if (!permanent.contains(keyword)) {
                    flags.remove(keyword);
                }
            }
        }
        return flags;
    }

    /** The copies into this folder, once the quota allows them: one mapper call. */
    private Mono<SortedMap<MessageUid, MessageMetaData>> copied(List<MailboxMessage> originals,
                                                                MailboxSession session) {
        MessageMapper mapper = mapperFactory.getMessageMapper(session);
        Mono<SortedMap<MessageUid, MessageMetaData>> write = Mono.fromCallable(() -> {
            QuotaRoot root = quotaRootResolver.getQuotaRoot(getMailboxPath());
            new QuotaChecker(quotaManager.getQuotas(root), root).tryAddition(originals.size(),
                originals.stream().mapToLong(MailboxMessage::getFullContentOctets).sum());
            List<MessageMetaData> copies = mapper.execute(() -> mapper.copy(getMailboxEntity(), originals));
            SortedMap<MessageUid, MessageMetaData> byUid = new TreeMap<>();
            copies.forEach(copy -> byUid.put(copy.getUid(), copy));
            return byUid;
        });
        return write;
    }

    private Mono<List<MessageUid>> announced(List<MailboxMessage> originals,
                                             SortedMap<MessageUid, MessageMetaData> copies,
                                             NativeMessageManager target, MailboxSession session) {
        Mailbox into = target.getMailboxEntity();
        MessageMoves moves = MessageMoves.builder()
            .previousMailboxIds(getMailboxEntity().getMailboxId())
            .targetMailboxIds(into.getMailboxId(), getMailboxEntity().getMailboxId())
            .build();
        List<org.apache.james.mailbox.model.MessageId> ids = new ArrayList<>(originals.size());
        originals.forEach(original -> ids.add(original.getMessageId()));
        return Flux.concat(
                eventBus.dispatch(EventFactory.added()
                        .randomEventId()
                        .mailboxSession(session)
                        .mailbox(into)
                        .metaData(copies)
                        .isDelivery(!MailboxEvents.Added.IS_DELIVERY)
                        .build(),
                    new MailboxIdRegistrationKey(into.getMailboxId())),
                eventBus.dispatch(EventFactory.moved()
                        .messageMoves(moves)
                        .messageId(ids)
                        .session(session)
                        .build(),
                    moves.impactedMailboxIds().map(MailboxIdRegistrationKey::new)
                        .collect(ImmutableSet.toImmutableSet())))
            .then(Mono.fromSupplier(() -> List.copyOf(copies.keySet())));
    }

    @Override
    public Flags getPermanentFlags(MailboxSession session) {
        Flags flags = super.getPermanentFlags(session);
        flags.add(Flags.Flag.USER);
        return flags;
    }
}

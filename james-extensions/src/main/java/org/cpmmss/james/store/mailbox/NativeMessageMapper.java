package org.cpmmss.james.store.mailbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.OptionalLong;
import java.util.function.Function;

import javax.mail.Flags;

import org.apache.james.mailbox.ApplicableFlagBuilder;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.FolderCounters;
import org.cpmmss.james.store.api.FolderSelection;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;

import org.apache.james.util.ReactorUtils;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's {@link MessageMapper} on our {@link MailStorage}. Each write is one durable store transaction (UID and
 * MODSEQ allocated inside it); counters, flags and CONDSTORE data come from metadata without reading bytes.
 */
public final class NativeMessageMapper implements MessageMapper {
    private final MailStorage storage;
    private final MessageIds ids;
    private final AppendObserver appends;
    private final AnnouncementOrder announcements;
    private final MailboxSession session;

    /** A mapper on its own (no append observer; its writes are ordered among themselves only). */
    public NativeMessageMapper(MailStorage storage, org.apache.james.mailbox.model.MessageId.Factory messageIds) {
        this(storage, messageIds, AppendObserver.NONE,
            new AnnouncementOrder(NativeMapperFactory.ANNOUNCEMENT_WAIT, Schedulers.parallel()));
    }

    NativeMessageMapper(MailStorage storage, org.apache.james.mailbox.model.MessageId.Factory messageIds,
                        AppendObserver appends, AnnouncementOrder announcements) {
        this(storage, new MessageIds(messageIds), appends, announcements, null);
    }

    private NativeMessageMapper(MailStorage storage, MessageIds ids, AppendObserver appends,
                                AnnouncementOrder announcements, MailboxSession session) {
        this.storage = storage;
        this.ids = ids;
        this.appends = appends;
        this.announcements = announcements;
        this.session = session;
    }

    /**
     * The mapper of one session: an append reads the {@link RecordedKey} the recording pipeline put in the session's
     * attributes ({@link RecordedKey#SESSION_ATTRIBUTE}) and has the store record it with the message.
     */
    NativeMessageMapper forSession(MailboxSession session) {
        return new NativeMessageMapper(storage, ids, appends, announcements, session);
    }

    /** The shared force the recording pipeline put in the session's attributes, if any. */
    private SharedForce sharedForce() {
        return session != null && session.getAttributes().get(SharedForce.SESSION_ATTRIBUTE) instanceof SharedForce force
            ? force : SharedForce.IMMEDIATE;
    }

    private RecordedKey recordedKey() {
        return session == null ? null
            : session.getAttributes().get(RecordedKey.SESSION_ATTRIBUTE) instanceof RecordedKey key ? key : null;
    }

    private static long folder(Mailbox mailbox) {
        return NativeMailboxId.raw(mailbox.getMailboxId());
    }

    static UidRange range(MessageRange set) {
        return switch (set.getType()) {
            case ALL -> UidRange.ALL;
            case FROM -> new UidRange(set.getUidFrom().asLong(), Long.MAX_VALUE);
            default -> new UidRange(set.getUidFrom().asLong(), set.getUidTo().asLong());
        };
    }

    private MailboxMessage toJames(StoredMessage stored) {
        return new NativeMailboxMessage(stored, ids, storage.content());
    }

    /**
     * Runs a write of a new message into {@code folderId} as one of this node's writes whose announcements go in UID
     * order ({@link AnnouncementOrder}).
     */
    private StoredMessage announced(long folderId, Supplier<StoredMessage> write) {
        return ordered(folderId, write, (pending, stored) -> { });
    }

    /**
     * As {@link #announced}, for a write made with a shared force: it has committed, not yet been forced. Its
     * announcement is held until the force settles it ({@link HeldAnnouncements}), and {@code onDurable} (the bytes
     * handed to the search indexer) runs only then; a lost write is forgotten by the announcement order, as a failed
     * one, and its UID (which the next write may get) never reaches the indexer.
     */
    private StoredMessage awaitingForce(long folderId, SharedForce force, Supplier<StoredMessage> write,
                                        Consumer<StoredMessage> onDurable) {
        return ordered(folderId, write, (pending, stored) -> {
            long uid = stored.uid();
            announcements.held().expect(folderId, uid);
            force.whenSettled(durable -> {
                if (durable) {
                    onDurable.accept(stored);
                } else {
                    announcements.failed(pending);
                }
                announcements.held().settle(folderId, uid, durable);
            });
        });
    }

    /** The write between its begin and its UID in the announcement order; {@code written} runs before the UID is told. */
    private StoredMessage ordered(long folderId, Supplier<StoredMessage> write,
                                  BiConsumer<AnnouncementOrder.Write, StoredMessage> written) {
        AnnouncementOrder.Write pending = announcements.begin(folderId);
        StoredMessage stored;
        try {
            stored = write.get();
        } catch (RuntimeException | Error e) {
            announcements.failed(pending);
            throw e;
        }
        written.accept(pending, stored);
        announcements.stored(pending, stored.uid());
        return stored;
    }

    private static MailboxException failure(StoreException e) {
        return new MailboxException(e.getMessage(), e);
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int limit)
        throws MailboxException {
        try {
            return storage.messages().list(folder(mailbox), range(set), limit).stream().map(this::toJames).iterator();
        } catch (StoreException e) {
            throw failure(e);
        }
    }

    /**
     * UID, MODSEQ and flags from the metadata rows only (FETCH FLAGS/MODSEQ, CHANGEDSINCE, QRESYNC); within a FETCH
     * with CHANGEDSINCE ({@link ChangedSince}) only the messages changed since then, by the folder's MODSEQ index.
     */
    @Override
    public Flux<ComposedMessageIdWithMetaData> listMessagesMetadata(Mailbox mailbox, MessageRange set) {
        MailboxId mailboxId = mailbox.getMailboxId();
        return Flux.deferContextual(context -> Flux.fromIterable(
                storage.messages().listFlags(folder(mailbox), range(set), ChangedSince.in(context))))
            .map(row -> metaData(mailboxId, row));
    }

    private ComposedMessageIdWithMetaData metaData(MailboxId mailboxId, MessageFlags row) {
        var messageId = ids.messageId(row.messageId());
        return ComposedMessageIdWithMetaData.builder()
            .modSeq(ModSeq.of(row.modSeq()))
            .flags(FlagsConversion.toFlags(row.flags()))
            .composedMessageId(new ComposedMessageId(mailboxId, messageId, MessageUid.of(row.uid())))
            .threadId(ids.threadId(row.threadId(), messageId))
            .build();
    }

    @Override
    public List<MessageUid> retrieveMessagesMarkedForDeletion(Mailbox mailbox, MessageRange messageRange) {
        return storage.messages().uidsWith(folder(mailbox), range(messageRange), FlagState.DELETED).stream()
            .map(MessageUid::of).toList();
    }

    @Override
    public long countMessagesInMailbox(Mailbox mailbox) {
        return storage.folders().counters(folder(mailbox)).messages();
    }

    @Override
    public MailboxCounters getMailboxCounters(Mailbox mailbox) {
        FolderCounters counters = storage.folders().counters(folder(mailbox));
        return MailboxCounters.builder().mailboxId(mailbox.getMailboxId()).count(counters.messages())
            .unseen(counters.unseen()).build();
    }

    @Override
    public void delete(Mailbox mailbox, MailboxMessage message) {
        storage.messages().expunge(folder(mailbox), List.of(message.getUid().asLong()));
    }

    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids) {
        List<StoredMessage> removed = storage.messages().expunge(folder(mailbox),
            uids.stream().map(MessageUid::asLong).toList());
        Map<MessageUid, MessageMetaData> out = new LinkedHashMap<>();
        for (StoredMessage m : removed) {
            out.put(MessageUid.of(m.uid()), toJames(m).metaData());
        }
        return out;
    }

    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) {
        var first = storage.messages().firstUidWithout(folder(mailbox), FlagState.SEEN);
        return first.isPresent() ? MessageUid.of(first.getAsLong()) : null;
    }

    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) {
        return storage.messages().uidsWith(folder(mailbox), UidRange.ALL, FlagState.RECENT).stream()
            .map(MessageUid::of).toList();
    }

    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        return applied(message, appended(mailbox, MessageConversion.toNewMessage(message, message.createFlags(), ids)));
    }

    /**
     * Appends a message read once by the native append ({@link FolderAppend}): the same write as {@link #add} (the
     * session's recorded key and shared force, the announcement order, the bytes handed to the append observer once
     * durable), without a James message to build and read back first. Returns what the Added event carries.
     */
    MessageMetaData add(Mailbox mailbox, IncomingMessage message, Flags flags, Date internalDate,
                        org.apache.james.mailbox.model.MessageId messageId,
                        org.apache.james.mailbox.model.ThreadId threadId) throws MailboxException {
        return toJames(appended(mailbox, MessageConversion.toNewMessage(message, flags, internalDate, messageId,
            threadId, ids))).metaData();
    }

    private StoredMessage appended(Mailbox mailbox, NewMessage appended) throws MailboxException {
        try {
            SharedForce force = sharedForce();
            long folderId = folder(mailbox);
            Consumer<StoredMessage> handOver = stored -> appends.appended(mailbox.getMailboxId(),
                MessageUid.of(stored.uid()), appended.header(), appended.body());
            return written(folderId, force,
                () -> storage.messages().append(folderId, appended, recordedKey(), force), handOver);
        } catch (StoreException e) {
            throw failure(e);
        }
    }

    /**
     * James's default hands each append to its blocking-call scheduler, a thread switch per APPEND (James's
     * {@code StoreMessageManager} already runs the append on a worker thread that may block); here the append runs on
     * the subscribing thread, unless that one must not block (an event loop).
     */
    @Override
    public Publisher<MessageMetaData> addReactive(Mailbox mailbox, MailboxMessage message) {
        Mono<MessageMetaData> append = Mono.fromCallable(() -> add(mailbox, message));
        return Schedulers.isInNonBlockingThread() ? append.subscribeOn(ReactorUtils.BLOCKING_CALL_WRAPPER) : append;
    }

    private MessageMetaData applied(MailboxMessage message, StoredMessage stored) {
        message.setUid(MessageUid.of(stored.uid()));
        message.setModSeq(ModSeq.of(stored.modSeq()));
        message.setSaveDate(new Date(stored.saveDate()));
        return toJames(stored).metaData();
    }

    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set) {
        return flagsUpdated(mailbox, calculator, set).iterator();
    }

    /**
     * A flag change made with the shared force an IMAP STORE put in the session (one force for all the ranges of
     * the command) commits without a force of its own; its announcement (James's FlagsUpdated event) is held until
     * that force settles it ({@link HeldAnnouncements}): dispatched once durable, dropped when lost.
     */
    private List<UpdatedFlags> flagsUpdated(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set) {
        long folderId = folder(mailbox);
        SharedForce force = sharedForce();
        List<FlagChange> changes = storage.messages().updateFlags(folderId, range(set),
            old -> FlagsConversion.toState(calculator.buildNewFlags(FlagsConversion.toFlags(old))), force);
        if (force.defers()) {
            changes.stream().filter(FlagChange::changed).mapToLong(FlagChange::modSeq).findFirst().ifPresent(modSeq -> {
                announcements.held().expectFlags(folderId, modSeq, force);
                force.whenSettled(durable -> announcements.held().settleFlags(folderId, modSeq, durable));
            });
        }
        return changes.stream().map(this::toUpdatedFlags).toList();
    }

    /**
     * The flag changes of several ranges of the folder (the ranges of one IMAP STORE) in one store transaction, each
     * range's changes under a MODSEQ of its own as range by range ({@link #flagsUpdated} each): one list per range.
     * Made with the session's shared force, each range's announcement is held as {@link #flagsUpdated}'s.
     */
    public List<List<UpdatedFlags>> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator,
                                                List<MessageRange> sets) {
        long folderId = folder(mailbox);
        SharedForce force = sharedForce();
        List<List<FlagChange>> changes = storage.messages().updateFlags(folderId,
            sets.stream().map(NativeMessageMapper::range).toList(),
            old -> FlagsConversion.toState(calculator.buildNewFlags(FlagsConversion.toFlags(old))), force);
        List<List<UpdatedFlags>> updated = new ArrayList<>(changes.size());
        for (List<FlagChange> range : changes) {
            if (force.defers()) {
                range.stream().filter(FlagChange::changed).mapToLong(FlagChange::modSeq).findFirst().ifPresent(modSeq -> {
                    announcements.held().expectFlags(folderId, modSeq, force);
                    force.whenSettled(durable -> announcements.held().settleFlags(folderId, modSeq, durable));
                });
            }
            updated.add(range.stream().map(this::toUpdatedFlags).toList());
        }
        return updated;
    }

    /**
     * Clears {@code \Recent} in one store write (one force; the embedded store writes one folder row however many
     * messages were recent), MODSEQs unchanged; a SELECT of a folder where nothing is recent writes and forces nothing.
     */
    @Override
    public List<UpdatedFlags> resetRecent(Mailbox mailbox) {
        return storage.messages().clearRecent(folder(mailbox)).stream().map(this::toUpdatedFlags).toList();
    }

    private UpdatedFlags toUpdatedFlags(FlagChange change) {
        return UpdatedFlags.builder()
            .uid(MessageUid.of(change.uid()))
            .messageId(ids.messageId(change.messageId()))
            .modSeq(ModSeq.of(change.modSeq()))
            .oldFlags(FlagsConversion.toFlags(change.oldFlags()))
            .newFlags(FlagsConversion.toFlags(change.newFlags()))
            .build();
    }

    @Override
    public MessageMetaData copy(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        return copy(mailbox, original, SharedForce.IMMEDIATE);
    }

    @Override
    public MessageMetaData move(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        return move(mailbox, original, SharedForce.IMMEDIATE);
    }

    /**
     * The messages of one COPY: when they are all messages of one folder of this store, in one store transaction
     * ({@link #copiedAtOnce}); else one by one, forced once ({@link #forcedOnce}).
     */
    @Override
    public List<MessageMetaData> copy(Mailbox mailbox, List<MailboxMessage> originals) throws MailboxException {
        OptionalLong source = oneFolder(originals);
        if (originals.size() > 1 && source.isPresent()) {
            return copiedAtOnce(mailbox, source.getAsLong(), originals);
        }
        return forcedOnce(originals, (original, force) -> copy(mailbox, original, force));
    }

    /** The folder of this store all {@code originals} are messages of, if there is one. */
    private static OptionalLong oneFolder(List<MailboxMessage> originals) {
        long folder = -1;
        for (MailboxMessage original : originals) {
            if (!(original instanceof NativeMailboxMessage ours)
                || folder != -1 && ours.stored().folderId() != folder) {
                return OptionalLong.empty();
            }
            folder = ours.stored().folderId();
        }
        return folder == -1 ? OptionalLong.empty() : OptionalLong.of(folder);
    }

    /**
     * The copies of one COPY written in one store transaction (one commit, one force), with the UIDs and MODSEQs the
     * copies one by one would have had; each copy is one of this node's writes in the announcement order, as one on
     * its own. Within an IMAP COPY that has a force of its own ({@code OneForcePerCommand}) the transaction joins it
     * and the copies' announcements wait for it, as {@link #awaitingForce}'s.
     */
    private List<MessageMetaData> copiedAtOnce(Mailbox mailbox, long source, List<MailboxMessage> originals)
        throws MailboxException {
        long target = folder(mailbox);
        int n = originals.size();
        long[] uids = new long[n];
        List<FlagState> flags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MailboxMessage original = originals.get(i);
            Flags f = original.createFlags();
            f.add(Flags.Flag.RECENT);
            uids[i] = original.getUid().asLong();
            flags.add(FlagsConversion.toState(f));
        }
        SharedForce force = sharedForce();
        List<AnnouncementOrder.Write> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pending.add(announcements.begin(target));
        }
        List<StoredMessage> stored;
        try {
            stored = storage.messages().copy(source, uids, target, flags, force);
        } catch (RuntimeException | Error e) {
            pending.forEach(announcements::failed);
            if (e instanceof StoreException failed) {
                throw failure(failed);
            }
            throw e;
        }
        List<MessageMetaData> written = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StoredMessage copy = stored.get(i);
            AnnouncementOrder.Write write = pending.get(i);
            if (force.defers()) {
                long uid = copy.uid();
                announcements.held().expect(target, uid);
                force.whenSettled(durable -> {
                    if (!durable) {
                        announcements.failed(write);
                    }
                    announcements.held().settle(target, uid, durable);
                });
            }
            announcements.stored(write, copy.uid());
            written.add(toJames(copy).metaData());
        }
        return written;
    }

    /** The messages of one MOVE, forced once ({@link #forcedOnce}). */
    @Override
    public List<MessageMetaData> move(Mailbox mailbox, List<MailboxMessage> originals) throws MailboxException {
        return forcedOnce(originals, (original, force) -> move(mailbox, original, force));
    }

    @Override
    public Mono<List<MessageMetaData>> moveReactive(Mailbox mailbox, List<MailboxMessage> originals) {
        return Mono.fromCallable(() -> move(mailbox, originals)).subscribeOn(Schedulers.boundedElastic());
    }

    private interface OneOf {
        MessageMetaData write(MailboxMessage original, SharedForce force) throws MailboxException;
    }

    /**
     * Writes each message of a COPY or MOVE with one shared force, completed before this returns: James announces
     * the copies (and a move's expunges) after the mapper returns, so they are durable by then, and a COPY of 100
     * messages makes one force where it made 100. When the force fails, none of the writes is kept (each one's
     * announcement order forgets it) and the command fails. Within an IMAP COPY that has a force of its own (one per
     * command, over all its ranges: {@code OneForcePerCommand}) the copies join that one, and their announcements
     * wait for it.
     */
    private List<MessageMetaData> forcedOnce(List<MailboxMessage> originals, OneOf one) throws MailboxException {
        SharedForce command = sharedForce();
        List<MessageMetaData> written = new ArrayList<>(originals.size());
        if (command.defers()) {
            // the IMAP command's own force (a COPY of several ranges): it completes it, the copies' announcements wait
            for (MailboxMessage original : originals) {
                written.add(one.write(original, command));
            }
            return written;
        }
        SharedForce force = originals.size() < 2 ? SharedForce.IMMEDIATE : storage.shareForce();
        try {
            for (MailboxMessage original : originals) {
                written.add(one.write(original, force));
            }
        } finally {
            if (force.defers()) {
                try {
                    force.complete();
                } catch (StoreException e) {
                    throw failure(e);
                }
            }
        }
        return written;
    }

    private MessageMetaData copy(Mailbox mailbox, MailboxMessage original, SharedForce force) throws MailboxException {
        Flags flags = original.createFlags();
        flags.add(Flags.Flag.RECENT);
        long target = folder(mailbox);
        try {
            if (original instanceof NativeMailboxMessage ours) {
                return toJames(written(target, force, () -> storage.messages().copy(ours.stored().folderId(),
                    ours.getUid().asLong(), target, FlagsConversion.toState(flags), force), stored -> { })).metaData();
            }
            NewMessage copied = MessageConversion.toNewMessage(original, flags, ids);
            return toJames(written(target, force, () -> storage.messages().append(target, copied, null, force),
                stored -> { })).metaData();
        } catch (StoreException e) {
            throw failure(e);
        }
    }

    private MessageMetaData move(Mailbox mailbox, MailboxMessage original, SharedForce force) throws MailboxException {
        Flags flags = original.createFlags();
        flags.add(Flags.Flag.RECENT);
        long target = folder(mailbox);
        try {
            long source = NativeMailboxId.raw(original.getMailboxId());
            return toJames(written(target, force, () -> storage.messages().move(source,
                original.getUid().asLong(), target, FlagsConversion.toState(flags), force), stored -> { })).metaData();
        } catch (StoreException e) {
            throw failure(e);
        }
    }

    /**
     * A write into {@code folderId} in the announcement order, on its own or with a shared force; {@code onDurable}
     * runs once it is durable (at once on its own, when the force settles it otherwise).
     */
    private StoredMessage written(long folderId, SharedForce force, Supplier<StoredMessage> write,
                                  Consumer<StoredMessage> onDurable) {
        if (force.defers()) {
            return awaitingForce(folderId, force, write, onDurable);
        }
        StoredMessage stored = announced(folderId, write);
        onDurable.accept(stored);
        return stored;
    }

    @Override
    public Optional<MessageUid> getLastUid(Mailbox mailbox) {
        long last = storage.folders().highWater(folder(mailbox)).lastUid();
        return last == 0 ? Optional.empty() : Optional.of(MessageUid.of(last));
    }

    @Override
    public ModSeq getHighestModSeq(Mailbox mailbox) {
        return ModSeq.of(storage.folders().highWater(folder(mailbox)).highestModSeq());
    }

    @Override
    public Flags getApplicableFlag(Mailbox mailbox) {
        return ApplicableFlagBuilder.builder()
            .add(storage.messages().applicableKeywords(folder(mailbox)).toArray(String[]::new))
            .build();
    }

    /**
     * SELECT lists every UID of the folder: one read of UIDs and system flags only (no keyword, id or blob); within a
     * SELECT/EXAMINE ({@link SelectionScope}) the same read answers the command's counts below.
     */
    @Override
    public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
        long folder = folder(mailbox);
        return Flux.deferContextual(context -> {
            FolderSelection selection = SelectionScope.in(context)
                .map(scope -> scope.of(folder, this::selection))
                .orElseGet(() -> selection(folder));
            return Flux.range(0, selection.messages()).map(i -> MessageUid.of(selection.uid(i)));
        });
    }

    private FolderSelection selection(long folder) {
        return storage.messages().selection(folder);
    }

    /**
     * A metadata read outside a SELECT's scope, on the calling thread unless that one must not block. James's
     * defaults hop to {@code Schedulers.boundedElastic()}: a caller that blocks on the answer from a boundedElastic
     * thread (James's {@code MessageManager.getMetaData}, called inside a SELECT's chain) could wait for a task queued
     * behind itself on the same worker — a SELECT then hung for good under load (bench/soak, issue 22).
     */
    private static <T> Mono<T> onCaller(java.util.concurrent.Callable<T> read) {
        Mono<T> answer = Mono.fromCallable(read);
        return Schedulers.isInNonBlockingThread() ? answer.subscribeOn(Schedulers.boundedElastic()) : answer;
    }

    /** Within a SELECT/EXAMINE: the answer from the command's one read of the folder; else {@code outside}. */
    private <T> Mono<T> scoped(Mailbox mailbox, Function<FolderSelection, T> answer, Mono<T> outside) {
        long folder = folder(mailbox);
        return Mono.deferContextual(context -> SelectionScope.in(context)
            .map(scope -> Mono.fromCallable(() -> answer.apply(scope.of(folder, this::selection))))
            .orElse(outside));
    }

    @Override
    public Mono<MailboxCounters> getMailboxCountersReactive(Mailbox mailbox) {
        return scoped(mailbox, selection -> MailboxCounters.builder().mailboxId(mailbox.getMailboxId())
                .count(selection.messages()).unseen(selection.unseen()).build(),
            onCaller(() -> getMailboxCounters(mailbox)));
    }

    @Override
    public Mono<Optional<MessageUid>> findFirstUnseenMessageUidReactive(Mailbox mailbox) {
        return scoped(mailbox, selection -> {
            OptionalLong first = selection.firstUnseen();
            return first.isPresent() ? Optional.of(MessageUid.of(first.getAsLong())) : Optional.<MessageUid>empty();
        }, onCaller(() -> Optional.ofNullable(findFirstUnseenMessageUid(mailbox))));
    }

    @Override
    public Mono<List<MessageUid>> findRecentMessageUidsInMailboxReactive(Mailbox mailbox) {
        return scoped(mailbox, selection -> Arrays.stream(selection.recentUids()).mapToObj(MessageUid::of).toList(),
            onCaller(() -> findRecentMessageUidsInMailbox(mailbox)));
    }

    @Override
    public Mono<Optional<MessageUid>> getLastUidReactive(Mailbox mailbox) {
        return scoped(mailbox, selection -> selection.lastUid() == 0 ? Optional.<MessageUid>empty()
            : Optional.of(MessageUid.of(selection.lastUid())), onCaller(() -> getLastUid(mailbox)));
    }

    @Override
    public Mono<ModSeq> getHighestModSeqReactive(Mailbox mailbox) {
        return scoped(mailbox, selection -> ModSeq.of(selection.highestModSeq()),
            onCaller(() -> getHighestModSeq(mailbox)));
    }

    /** Within a SELECT whose read found no recent message: nothing to clear, no store access at all. */
    @Override
    public Mono<List<UpdatedFlags>> resetRecentReactive(Mailbox mailbox) {
        Mono<List<UpdatedFlags>> clear = MessageMapper.super.resetRecentReactive(mailbox);
        return scoped(mailbox, selection -> selection.recent() == 0, Mono.just(false))
            .flatMap(nothingRecent -> nothingRecent ? Mono.just(List.<UpdatedFlags>of()) : clear);
    }
}

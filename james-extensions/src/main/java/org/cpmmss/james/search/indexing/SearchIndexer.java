package org.cpmmss.james.search.indexing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.search.text.TextDocuments;
import org.cpmmss.james.search.text.TextIndex;
import org.cpmmss.james.plumbing.ClientActivity;
import org.cpmmss.james.plumbing.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index ({@link TextIndex}) in step with the store, off the append path.
 *
 * <p>An append only marks its folder as pending ({@link #added}, called by {@link SearchIndexingListener} before the
 * append is acknowledged). A background thread indexes the pending folders in batches: per folder, every message
 * above the folder's mark ("indexed up to" UID), up to the highest UID announced, is read in one range read of the
 * store (its bytes taken from
 * {@link FreshContent} when the append path handed them over, otherwise read once), indexed, and the mark moved
 * to the highest UID indexed. The indexer yields to clients: a batch starts once appends and IMAP requests
 * ({@link ClientActivity}) pause for {@code cpm.search.quiet-wait}, and stops between two messages when either comes
 * in (what it indexed gets its mark, the rest stays pending); only when the oldest announcement waiting is
 * {@code cpm.search.max-lag} old does it index through. A burst of appends is thus stored, and a device's sync
 * served, without the indexer competing for the processors. Only announced UIDs are read: a message committed but not announced yet may still
 * be dropped (its force failed, and its UID goes to the next message), and its bytes are not handed over yet, so
 * it would be read from the store. Marks are documents of the index, so each becomes durable with the documents it
 * covers at the next commit ({@link #commit()}, every second). At start every folder is checked against its mark
 * ({@link #start()}): the tail a crash left unindexed is indexed again; an index without marks (new, or written
 * by an earlier version) is filled from scratch the same way.</p>
 *
 * <p>Read-your-writes: a search first {@link #catchUp catches up} its folder (indexes the pending tail on the
 * searching thread), so a SEARCH, SORT or HTTP history search sees every message acknowledged before it.</p>
 */
@Singleton
public class SearchIndexer {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexer.class);

    /**
     * A folder with messages to index: its owner, the UIDs announced at or below its mark (out of order), and the
     * highest UID to index ({@link #ALL}: whatever the store holds above the mark).
     */
    private record Pending(MailboxId folder, Username owner, Set<Long> late, AtomicLong upTo) {
        static Pending everything(MailboxId folder, Username owner) {
            return new Pending(folder, owner, ConcurrentHashMap.newKeySet(), new AtomicLong(ALL));
        }

        static Pending announced(MailboxId folder, Username owner) {
            return new Pending(folder, owner, ConcurrentHashMap.newKeySet(), new AtomicLong(0));
        }

        /** Takes in what another entry of the same folder had to index. */
        Pending with(Pending other) {
            late.addAll(other.late());
            upTo.accumulateAndGet(other.upTo().get(), Math::max);
            return this;
        }
    }

    private static final long ALL = Long.MAX_VALUE;
    /** How many messages of a folder's tail one store read takes (the indexer may yield between two of them). */
    private static final int TAIL_CHUNK = 256;
    /** {@link #lastAnnounced} / {@link #oldestAnnounced} before any announcement. */
    private static final long NONE = ClientActivity.NONE;

    private final TextIndex index;
    private final MailboxSessionMapperFactory mappers;
    private final SessionProvider sessions;
    private final FreshContent fresh;
    private final ClientActivity clients;
    private final Duration gatherDelay;
    private final long quietWaitNanos;
    private final long maxLagNanos;
    /** When the last append was announced ({@link System#nanoTime}), {@link #NONE} before the first. */
    private volatile long lastAnnounced = NONE;
    /** When the oldest announcement not taken by a batch yet arrived, {@link #NONE} when none is waiting. */
    private final AtomicLong oldestAnnounced = new AtomicLong(NONE);
    /** The folders searches are catching up right now (key: how many searches): a background batch on one gives way. */
    private final Map<String, Integer> searched = new ConcurrentHashMap<>();
    private final Map<String, Long> marks = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Object> folderLocks = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    /** The indexer waits on it for the gather delay; {@link #stop} wakes it. */
    private final Object gathering = new Object();
    /** How long {@link #stop} lets the message being indexed finish before it interrupts the indexer. */
    private static final long STOP_WAIT_MILLIS = 2_000;
    private volatile boolean stopping;
    private static final String SYSTEM_USER = "cpm-search-indexer";
    /** Whether the index is shared by several nodes (its marks may move without this node). */
    private final boolean shared;
    private volatile boolean running;
    private Thread worker;

    @Inject
    public SearchIndexer(TextIndex index, MailboxSessionMapperFactory mappers, SessionProvider sessions,
                         FreshContent fresh, ClientActivity clients, SearchIndexingSettings settings) {
        this.index = index;
        this.mappers = mappers;
        this.sessions = sessions;
        this.fresh = fresh;
        this.clients = clients;
        this.gatherDelay = settings.gatherDelay();
        this.quietWaitNanos = settings.quietWait().toNanos();
        this.maxLagNanos = settings.maxLag().toNanos();
        this.shared = index.shared();
    }

    /** Loads the marks, queues every folder whose messages may lie above its mark, starts the background thread. */
    public void start() throws IOException {
        marks.putAll(index.marks());
        MailboxSession system = sessions.createSystemSession(Username.of(SYSTEM_USER));
        try {
            List<Mailbox> folders = mappers.getMailboxMapper(system).list().collectList().block();
            for (Mailbox folder : folders == null ? List.<Mailbox>of() : folders) {
                pending.putIfAbsent(TextDocuments.key(folder.getMailboxId()),
                    Pending.everything(folder.getMailboxId(), folder.getUser()));
            }
        } finally {
            mappers.endProcessingRequest(system);
        }
        LOGGER.info("Search indexer: {} folders with a mark, {} folders to check for an unindexed tail",
            marks.size(), pending.size());
        if (!pending.isEmpty()) {
            // the start's checks wait for a quiet moment like any batch, the server's own start counting as activity
            // (the rest of the start, then the clients' first requests, come first), up to the maximum lag
            long now = System.nanoTime();
            oldestAnnounced.set(now);
            lastAnnounced = now;
        }
        running = true;
        worker = DaemonThreads.named("cpm-search-indexer").newThread(this::work);
        worker.start();
    }

    /**
     * Stops the indexer thread: the message it is indexing is finished (what is indexed so far gets its mark; the rest
     * is a tail the next start indexes). It is interrupted only when it has not ended in {@link #STOP_WAIT_MILLIS}:
     * an interrupt inside Lucene's writes fails them, and the index's last commit with them.
     */
    public void stop() {
        running = false;
        stopping = true;
        if (worker != null) {
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
            synchronized (gathering) {
                gathering.notifyAll();
            }
            try {
                worker.join(STOP_WAIT_MILLIS);
                if (worker.isAlive()) {
                    worker.interrupt();
                    worker.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Messages were appended to a folder (called before the append is acknowledged: must not block). */
    public void added(MailboxId folder, Username owner, Collection<MessageUid> uids) {
        String key = TextDocuments.key(folder);
        // atomic with the indexer's removal of the entry: what is added here is either in the entry it takes or in
        // a new one
        pending.compute(key, (k, entry) -> {
            Pending updated = entry == null ? Pending.announced(folder, owner) : entry;
            long mark = marks.getOrDefault(key, 0L);
            for (MessageUid uid : uids) {
                if (uid.asLong() <= mark) {
                    updated.late().add(uid.asLong());
                }
                updated.upTo().accumulateAndGet(uid.asLong(), Math::max);
            }
            return updated;
        });
        long now = System.nanoTime();
        lastAnnounced = now;
        oldestAnnounced.compareAndSet(NONE, now);
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Messages were expunged: their documents go at once (a search never returns them anyway, see the evaluation). */
    public void expunged(MailboxId folder, Collection<MessageUid> uids) throws IOException {
        index.delete(folder, uids);
        uids.forEach(uid -> fresh.drop(folder, uid));
    }

    /** A folder was deleted: its documents, its mark and anything pending for it go. */
    public void deleted(MailboxId folder) throws IOException {
        String key = TextDocuments.key(folder);
        synchronized (lock(key)) {
            pending.remove(key);
            marks.remove(key);
            index.deleteAll(folder);
            index.dropMark(folder);
            fresh.dropUpTo(folder, Long.MAX_VALUE);
        }
    }

    /** Whether a folder has messages not indexed yet (or not known to be indexed). */
    public boolean isPending(MailboxId folder) {
        return pending.containsKey(TextDocuments.key(folder));
    }

    /** Indexes the folder's pending tail now, on this thread (a search about to run); nothing when none. */
    public void catchUp(Mailbox folder) throws MailboxException {
        List<String> keys = List.of(TextDocuments.key(folder.getMailboxId()));
        searching(keys); // a background batch on this folder gives way (the search would wait for it on its lock)
        try {
            catchUp(folder, () -> false);
        } finally {
            searched(keys);
        }
    }

    /**
     * Indexes the folder's pending tail, stopping between two messages when {@code yield} says so: what is left goes
     * back to the pending folders. False when it stopped so.
     */
    private boolean catchUp(Mailbox folder, BooleanSupplier yield) throws MailboxException {
        String key = TextDocuments.key(folder.getMailboxId());
        if (!pending.containsKey(key)) {
            pendIfBehindSharedMark(folder);
        }
        // always through the folder's lock: the background indexer may have taken the folder's pending entry and be
        // indexing it right now; the search must wait for that batch, not run before it (read-your-writes)
        synchronized (lock(key)) {
            Pending entry = pending.remove(key);
            if (entry == null) {
                return true;
            }
            try {
                Pending left = indexTail(folder, entry, yield);
                if (left != null) {
                    pending.merge(key, left, Pending::with);
                    return false;
                }
                return true;
            } catch (MailboxException | IOException | RuntimeException e) {
                pending.merge(key, entry, Pending::with);
                throw e instanceof MailboxException mailboxException ? mailboxException
                    : new MailboxException("Indexing the new messages of " + key + " failed", e);
            }
        }
    }

    /**
     * Catches up the given folders (the HTTP history search's folders), those that are pending; on an index shared
     * by several nodes, every one of them (another node may have stored messages this node never heard of).
     */
    public void catchUp(Collection<MailboxId> folders) throws MailboxException {
        List<String> keys = folders.stream().map(TextDocuments::key).toList();
        searching(keys);
        try {
            catchUpAll(folders);
        } finally {
            searched(keys);
        }
    }

    private void searching(List<String> keys) {
        keys.forEach(key -> searched.merge(key, 1, Integer::sum));
    }

    private void searched(List<String> keys) {
        keys.forEach(key -> searched.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1));
    }

    private void catchUpAll(Collection<MailboxId> folders) throws MailboxException {
        for (MailboxId id : folders) {
            String key = TextDocuments.key(id);
            Pending entry = pending.get(key);
            if (entry == null && !shared) {
                // not pending, but the background indexer may have taken the folder's entry and be indexing it right
                // now: wait for that batch (its folder lock), then look again
                synchronized (lock(key)) {
                    entry = pending.get(key);
                }
            }
            if (entry != null) {
                catchUpById(entry);
            } else if (shared) {
                catchUpById(Pending.everything(id, Username.of(SYSTEM_USER)));
            }
        }
    }

    /**
     * On an index shared by several nodes: makes the folder pending here when it holds messages above the shared mark
     * (stored through another node, or indexed by none yet). This node's mark becomes the shared one.
     */
    private void pendIfBehindSharedMark(Mailbox folder) throws MailboxException {
        if (!shared) {
            return;
        }
        MailboxId id = folder.getMailboxId();
        String key = TextDocuments.key(id);
        OptionalLong sharedMark;
        try {
            sharedMark = index.sharedMark(id);
        } catch (IOException e) {
            throw new MailboxException("Reading the search index mark of " + key + " failed", e);
        }
        long mark = sharedMark.orElse(0L);
        marks.put(key, mark); // the shared mark is authoritative (a folder re-indexed elsewhere may have lost it)
        MailboxSession session = sessions.createSystemSession(folder.getUser());
        try {
            long last = mappers.getMessageMapper(session).getLastUid(folder).map(MessageUid::asLong).orElse(0L);
            if (last <= mark) {
                return;
            }
        } finally {
            mappers.endProcessingRequest(session);
        }
        pending.putIfAbsent(key, Pending.everything(id, folder.getUser()));
    }

    /** Commits the index: the documents and marks written so far become durable. */
    public void commit() throws IOException {
        index.commit();
    }

    /** The folder's mark (0: nothing known to be indexed). */
    public long mark(MailboxId folder) {
        return marks.getOrDefault(TextDocuments.key(folder), 0L);
    }

    private Object lock(String key) {
        return folderLocks.computeIfAbsent(key, k -> new Object());
    }

    private void catchUpById(Pending entry) throws MailboxException {
        catchUpById(entry, () -> false);
    }

    private boolean catchUpById(Pending entry, BooleanSupplier yield) throws MailboxException {
        MailboxSession session = sessions.createSystemSession(entry.owner());
        Mailbox folder;
        try {
            folder = mappers.getMailboxMapper(session).findMailboxById(entry.folder()).block();
        } catch (RuntimeException e) {
            folder = null;
        } finally {
            mappers.endProcessingRequest(session);
        }
        if (folder == null) {
            pending.remove(TextDocuments.key(entry.folder()));
            return true;
        }
        return catchUp(folder, yield);
    }

    /** Indexes {@code entry}'s messages; what {@code yield} left unindexed (null: nothing). */
    private Pending indexTail(Mailbox folder, Pending entry, BooleanSupplier yield)
        throws MailboxException, IOException {
        long upTo = entry.upTo().get();
        MailboxId id = folder.getMailboxId();
        String key = TextDocuments.key(id);
        long mark = marks.getOrDefault(key, 0L);
        MailboxSession session = sessions.createSystemSession(folder.getUser());
        try {
            MessageMapper mapper = mappers.getMessageMapper(session);
            BooleanSupplier halt = () -> stopping || yield.getAsBoolean();
            List<MailboxMessage> late = new ArrayList<>();
            for (long uid : new TreeSet<>(entry.late())) {
                mapper.findInMailbox(folder, MessageRange.one(MessageUid.of(uid)), MessageMapper.FetchType.FULL, 1)
                    .forEachRemaining(late::add);
            }
            long highest = mark;
            int indexed = indexUntil(halt, id, key, late);
            boolean halted = indexed < late.size();
            List<MailboxMessage> lateLeft = late.subList(indexed, late.size());
            // the range above the mark in reads of TAIL_CHUNK messages (UID order): a halt never waits for a read of
            // the whole tail, and none is read that would not be indexed
            long next = mark + 1;
            while (!halted && upTo > mark && next <= upTo && !(halted = halt.getAsBoolean())) {
                MessageRange range = upTo == ALL ? MessageRange.from(MessageUid.of(next))
                    : MessageRange.range(MessageUid.of(next), MessageUid.of(upTo));
                List<MailboxMessage> chunk = new ArrayList<>(TAIL_CHUNK);
                mapper.findInMailbox(folder, range, MessageMapper.FetchType.FULL, TAIL_CHUNK)
                    .forEachRemaining(chunk::add);
                if (chunk.isEmpty()) {
                    break;
                }
                indexed = indexUntil(halt, id, key, chunk);
                if (indexed > 0) {
                    highest = Math.max(highest, chunk.get(indexed - 1).getUid().asLong());
                }
                halted = indexed < chunk.size();
                next = chunk.get(chunk.size() - 1).getUid().asLong() + 1;
            }
            // a stop leaves the rest above the mark to the next start's check; a yield leaves it pending
            Pending left = halted && !stopping ? leftOver(entry, lateLeft, upTo) : null;
            if (highest > mark) {
                index.setMark(id, highest);
                marks.put(key, highest);
            }
            return left;
        } finally {
            mappers.endProcessingRequest(session);
        }
    }

    /** Indexes {@code messages} in order until {@code halt} says so before one of them; how many it indexed. */
    private int indexUntil(BooleanSupplier halt, MailboxId id, String key, List<MailboxMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            if (halt.getAsBoolean()) {
                return i;
            }
            indexOne(id, key, messages.get(i));
        }
        return messages.size();
    }

    private void indexOne(MailboxId id, String key, MailboxMessage message) {
        byte[] bytes = fresh.take(id, message.getUid()).orElse(null);
        try {
            if (bytes == null) {
                index.add(message);
            } else {
                index.add(message, bytes);
            }
        } catch (IOException | RuntimeException e) {
            // the commit that follows fails, and SearchIndexDurability re-indexes once commits succeed
            LOGGER.warn("Search index: message {} of folder {} not indexed: {}", message.getUid().asLong(),
                key, e.toString());
        }
    }

    /**
     * What a batch that yielded leaves pending: the late UIDs not reached yet, and everything up to the entry's highest
     * UID (the range above the mark is indexed in UID order, so what was indexed of it lies below what was not).
     */
    private static Pending leftOver(Pending entry, List<MailboxMessage> lateNotIndexed, long upTo) {
        Pending left = Pending.announced(entry.folder(), entry.owner());
        lateNotIndexed.forEach(message -> left.late().add(message.getUid().asLong()));
        left.upTo().set(upTo);
        return left;
    }

    private void work() {
        while (running) {
            try {
                synchronized (wakeUp) {
                    while (running && pending.isEmpty()) {
                        wakeUp.wait(1_000);
                    }
                }
                if (!gatherDelay.isZero()) {
                    synchronized (gathering) {
                        if (running) {
                            gathering.wait(gatherDelay.toMillis());
                        }
                    }
                }
                awaitQuiet();
                long batchStart = System.nanoTime();
                // what is announced from here on may miss this batch: its lag counts from its own announcement
                long batchOldest = oldestAnnounced.getAndSet(NONE);
                Round round = indexPendingFolders(() -> yieldsTo(batchStart, batchOldest));
                if (round != Round.DONE) {
                    // the rest waits for the next quiet moment, its lag still counted from its oldest announcement
                    oldestAnnounced.accumulateAndGet(batchOldest, SearchIndexer::earliest);
                }
                if (round == Round.FAILED) {
                    // a folder failed (its store unreadable?): it stays pending; retry in a second, not at once
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOGGER.warn("Search indexer round failed", e);
            }
        }
    }

    /**
     * Waits until no append has been announced for the quiet wait, or the oldest announcement waiting is as old as
     * the maximum lag, or the indexer stops. No wait when nothing was announced and no request came.
     */
    private void awaitQuiet() throws InterruptedException {
        if (quietWaitNanos == 0) {
            return;
        }
        synchronized (gathering) {
            while (running) {
                long now = System.nanoTime();
                long last = latest(lastAnnounced, clients.lastRequestNanos());
                long oldest = oldestAnnounced.get();
                long quietLeft = last == NONE ? 0 : quietWaitNanos - (now - last);
                long lagLeft = oldest == NONE ? 0 : maxLagNanos - (now - oldest);
                long left = Math.min(quietLeft, lagLeft);
                if (left <= 0) {
                    return;
                }
                gathering.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Whether a batch started at {@code batchStart} gives way to clients: a client request or an append came in since,
     * and the batch's oldest announcement is not {@code max-lag} old, and there is a quiet wait. (It gives way to a
     * search catching up the folder it indexes in any case: {@link #indexTail}.)
     */
    private boolean yieldsTo(long batchStart, long batchOldest) {
        if (quietWaitNanos == 0) {
            return false;
        }
        long now = System.nanoTime();
        if (batchOldest != NONE && now - batchOldest >= maxLagNanos) {
            return false;
        }
        long last = latest(lastAnnounced, clients.lastRequestNanos());
        return last != NONE && last - batchStart > 0;
    }

    /** The later of two {@link System#nanoTime} readings, either of which may be {@link #NONE}. */
    private static long latest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        return b == NONE || a - b > 0 ? a : b;
    }

    /** The earlier of two {@link System#nanoTime} readings, either of which may be {@link #NONE}. */
    private static long earliest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        return b == NONE || a - b < 0 ? a : b;
    }

    private enum Round { DONE, YIELDED, FAILED }

    /** One batch: every pending folder caught up, unless it yielded to clients or a folder failed. */
    private Round indexPendingFolders(BooleanSupplier yield) {
        Round round = Round.DONE;
        for (Pending entry : List.copyOf(pending.values())) {
            if (!running) {
                return round;
            }
            String key = TextDocuments.key(entry.folder());
            // a search catching this folder up would wait for the whole batch on its lock: it takes the folder over
            BooleanSupplier yieldHere = () -> searched.containsKey(key) || yield.getAsBoolean();
            try {
                if (!catchUpById(entry, yieldHere)) {
                    return Round.YIELDED;
                }
            } catch (MailboxException | RuntimeException e) {
                round = Round.FAILED;
                LOGGER.warn("Search indexer: folder {} not indexed this round: {}", entry.folder().serialize(), e.toString());
            }
        }
        return round;
    }
}

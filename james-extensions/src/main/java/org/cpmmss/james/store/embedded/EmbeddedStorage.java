package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.DirectoryLock;
import org.cpmmss.james.plumbing.ForceAlongside;
import org.cpmmss.james.plumbing.GroupCommit;
import org.cpmmss.james.plumbing.Syncable;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.AnnotationStore;
import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FolderStore;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.SubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link MailStorage}: metadata in H2 ({@code DIR/meta.mv.db}, plain JDBC), message bytes in segment
 * files ({@code DIR/segments/}), every write forced through one {@link GroupCommit} (the segment force alongside the
 * metadata chunk's write, then the database file: {@link SegmentForceAlongsideChunk}) before it returns. Opening runs {@link StartupRecovery}.
 */
public final class EmbeddedStorage implements MailStorage {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedStorage.class);
    /**
     * The bounds on dead space, by default: H2 chunks below this fill rate (percent) have their live pages rewritten
     * (at most 512 KiB a second); {@code meta.mv.db} is shrunk when its chunks use less than
     * {@value #SHRINK_BELOW_USED_PERCENT} % of it (above 2 MiB); a segment whose live blobs are below
     * {@value #SEGMENT_MIN_LIVE_PERCENT} % of it is compacted (issue 22's data directory bound; docs/benchmarks.md
     * "Sixteenth session": 60 % and 50 % before; 70 % and 70 % until the twenty-fourth session, "Twenty-fourth
     * session": the running file then held about 1.6 times its compacted content, 1.1 times at 80 %). A chunk
     * compaction at 80 % and 1 MiB a second was tried in the sixteenth session: with it a pipelined IMAP command of
     * ConcurrentWritesOfOneAccountTest went unanswered in 4 of 12 runs, cause not found; 512 KiB a second is kept.
     */
    static final int COMPACT_FILL_RATE = 80;
    /**
     * The smallest active segment sealed (when mostly dead, or grown to its share of the store: {@link SegmentCompactor}).
     * 1 MiB before the twenty-first session: the soak's whole store was then one or two segments, copied whole.
     */
    static final long MIN_SEAL_BYTES = 256L << 10;
    static final int SHRINK_BELOW_USED_PERCENT = 80;
    static final int SEGMENT_MIN_LIVE_PERCENT = 60;
    /**
     * Messages whose unchanging parts are kept for FETCHes of their bytes (the newest appended and read ones, about
     * half a kilobyte each): an RCS device reads each new message once, soon after it arrives.
     */
    static final int CONTENT_CACHE_ENTRIES = 4096;
    /** The file of the store directory's lock. */
    static final String STORE_LOCK = "store.lock";

    /**
     * Tunables of the embedded store: H2's RETENTION_TIME (0 by default: dead chunks are reused once the chunk that
     * killed them is forced, {@link org.cpmmss.james.plumbing.ChunkReuseGuard}) and WRITE_DELAY (0: a chunk per
     * JDBC commit; above 0: the group-commit leader writes one chunk per group), the fill rate (percent) below which maintenance rewrites
     * H2 chunks, the maintenance period (0: no background maintenance), the live share (percent) below which a
     * segment is compacted, and how the files are written ({@link StoreFiles}).
     */
    public record Settings(Path dir, long maxSegmentBytes, int connections, int retentionMillis, int writeDelayMillis,
                           int compactFillRate, long maintenanceMillis, int segmentMinLivePercent, StoreFiles files) {
        public Settings(Path dir, long maxSegmentBytes, int connections, int retentionMillis) {
            this(dir, maxSegmentBytes, connections, retentionMillis, 1000, COMPACT_FILL_RATE, 1000,
                SEGMENT_MIN_LIVE_PERCENT);
        }

        public Settings(Path dir, long maxSegmentBytes, int connections, int retentionMillis, int writeDelayMillis,
                        int compactFillRate, long maintenanceMillis, int segmentMinLivePercent) {
            this(dir, maxSegmentBytes, connections, retentionMillis, writeDelayMillis, compactFillRate,
                maintenanceMillis, segmentMinLivePercent, StoreFiles.DISK);
        }

        /** The same settings without the background maintenance thread (tests drive compaction themselves). */
        public Settings withoutMaintenance() {
            return new Settings(dir, maxSegmentBytes, connections, retentionMillis, writeDelayMillis, compactFillRate,
                0, segmentMinLivePercent, files);
        }

        public static Settings defaults(Path dir) {
            return new Settings(dir, 64L << 20, 8, 0);
        }

        /** The same settings, the files written through {@code newFiles}. */
        public Settings withFiles(StoreFiles newFiles) {
            return new Settings(dir, maxSegmentBytes, connections, retentionMillis, writeDelayMillis, compactFillRate,
                maintenanceMillis, segmentMinLivePercent, newFiles);
        }
    }

    private final DirectoryLock directoryLock;
    private final SegmentLog segments;
    private final MessageContentCache contents;
    private final ForceAlongside segmentForce;
    private final MetadataDatabase database;
    private final GroupCommit groupCommit;
    private final FolderStore folders;
    private final MessageStore messages;
    private final AnnotationStore annotations;
    /** Counts the changes of folder entries and folder names (one node owns the database: every change is made here). */
    private final EntryChanges entryChanges = new EntryChanges();
    private final SubscriptionStore subscriptions;
    private final EmbeddedRecordedKeys recordedKeys;
    private final BlobCatalog blobs;
    private final Transactor transactor;
    private final StoreMaintenance maintenance;
    private final SegmentCompactor compactor;
    private final DeadSegments deadSegments;
    private long freedSinceScan;
    private int passesSinceScan;

    /**
     * Opens the store in its directory, locked first ({@link DirectoryLock} on {@value #STORE_LOCK}: before anything is read or
     * repaired, so that a second server on a running one's directory stops there); the lock is released if the
     * opening fails.
     */
    private static EmbeddedStorage create(Settings settings, Clock clock, UnaryOperator<Syncable> forceProbe,
                                          SegmentCompactor.Steps compactionSteps) {
        DirectoryLock lock = DirectoryLock.take(settings.dir(), STORE_LOCK, "the message store");
        try {
            return new EmbeddedStorage(lock, settings, clock, forceProbe, compactionSteps);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private EmbeddedStorage(DirectoryLock directoryLock, Settings settings, Clock clock,
                            UnaryOperator<Syncable> forceProbe, SegmentCompactor.Steps compactionSteps) {
        this.directoryLock = directoryLock;
        this.segments = SegmentLog.open(settings.dir().resolve("segments"), settings.maxSegmentBytes(),
            settings.files());
        this.database = MetadataDatabase.open(settings.dir(), settings.connections(), settings.retentionMillis(),
            settings.writeDelayMillis(), settings.compactFillRate(), settings.files());
        this.segmentForce = new ForceAlongside(forceProbe.apply(segments), "native-store-segment-force");
        database.forceFileAfter(segmentForce::awaitStartedHere);
        this.groupCommit = new GroupCommit(
            List.of(new SegmentForceAlongsideChunk(segmentForce, forceProbe.apply(database))), database::dropUnforced);
        database.whenUnforcedLost(groupCommit::unforcedLost);
        this.transactor = new Transactor(database, groupCommit);
        this.deadSegments = new DeadSegments(transactor, segments);
        this.blobs = new BlobCatalog(segments, deadSegments);
        RecentFloors recentFloors = new RecentFloors();
        this.contents = new MessageContentCache(CONTENT_CACHE_ENTRIES);
        this.folders = new EmbeddedFolderStore(transactor, blobs, recentFloors, entryChanges, contents);
        EmbeddedRecordedKeys keys = new EmbeddedRecordedKeys(transactor, clock);
        this.recordedKeys = keys;
        this.messages = new EmbeddedMessageStore(transactor, blobs, clock, recentFloors, keys, contents,
            segments::holds);
        this.annotations = new EmbeddedAnnotationStore(transactor, entryChanges);
        this.subscriptions = new EmbeddedSubscriptionStore(transactor);
        StartupRecovery.run(transactor, segments, blobs);
        this.compactor = new SegmentCompactor(transactor, segments, deadSegments, settings.segmentMinLivePercent(),
            Math.min(MIN_SEAL_BYTES, settings.maxSegmentBytes() / 2), compactionSteps);
        int fillRate = settings.compactFillRate();
        this.maintenance = StoreMaintenance.start(settings.maintenanceMillis(),
            List.of(() -> database.compactChunks(fillRate, 512 << 10),
                () -> database.shrinkFile(SHRINK_BELOW_USED_PERCENT, 2 << 20, 4 << 20),
                this::compactSegmentsIfWorthwhile));
        LOGGER.info("Native message store open in {} ({} segment file(s))", settings.dir(),
            segments.segmentsOnDisk().size());
    }

    public static EmbeddedStorage open(Settings settings, Clock clock) {
        return create(settings, clock, UnaryOperator.identity(), SegmentCompactor.Steps.NONE);
    }

    /** Opens with compaction's steps reported to {@code steps} (crash tests stop a compactor at each of them). */
    static EmbeddedStorage open(Settings settings, Clock clock, SegmentCompactor.Steps steps) {
        return create(settings, clock, UnaryOperator.identity(), steps);
    }

    /** Opens with every force target wrapped by {@code forceProbe} (tests observe the commit path with it). */
    public static EmbeddedStorage open(Settings settings, Clock clock, UnaryOperator<Syncable> forceProbe) {
        return create(settings, clock, forceProbe, SegmentCompactor.Steps.NONE);
    }

    @Override
    public FolderStore folders() {
        return folders;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    /** What the store keeps of recently appended and read messages (tests look at it). */
    MessageContentCache keptContents() {
        return contents;
    }

    @Override
    public ContentReader content() {
        return new ContentReader() {
            @Override
            public byte[] read(BlobAddress address) {
                return EmbeddedStorage.this.read(address);
            }

            @Override
            public ContentReader inOrder() {
                return new ReadAheadContent(segments, EmbeddedStorage.this::read);
            }
        };
    }

    /** Reads a blob, following it if compaction moved it after the caller learnt its address. */
    private byte[] read(BlobAddress address) {
        try {
            return segments.read(address);
        } catch (RuntimeException moved) {
            BlobAddress now = address.blobId() == 0 ? null : transactor.read(tx -> BlobCatalog.locate(tx.connection(), address.blobId()));
            if (now == null || now.equals(address)) {
                throw moved;
            }
            return segments.read(now);
        }
    }

    /**
     * Compacts segments every 10th pass when blobs were freed meanwhile, and every 60th pass anyway (bytes left
     * unreferenced by a crash count as dead too); a pass looks at every blob row, so it does not run every period.
     */
    private void compactSegmentsIfWorthwhile() {
        freedSinceScan += blobs.takeFreedBytes();
        passesSinceScan++;
        if ((freedSinceScan > 0 && passesSinceScan >= 10) || passesSinceScan >= 60) {
            freedSinceScan = 0;
            passesSinceScan = 0;
            compactor.compactOnce();
        }
    }

    /** Runs one segment compaction pass now (tests, admin). */
    public void compactSegments() {
        compactor.compactOnce();
    }

    @Override
    public AnnotationStore annotations() {
        return annotations;
    }

    @Override
    public java.util.OptionalLong entriesGeneration() {
        return java.util.OptionalLong.of(entryChanges.generation());
    }

    @Override
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    @Override
    public RecordedKeys recordedKeys() {
        return recordedKeys;
    }

    /**
     * Waits until the keys recorded before the store opened are read into memory, after which a key never recorded
     * is answered without a read (tests); false when not (yet).
     */
    public boolean awaitRecordedKeysInMemory(java.time.Duration timeout) throws InterruptedException {
        return recordedKeys.awaitKeysInMemory(timeout);
    }

    /** How many recorded-key look-ups read the metadata database since the store opened (tests). */
    public long recordedKeyReads() {
        return recordedKeys.databaseLookups();
    }

    /** Appends made with it are forced together, by one force of the group commit, at its completion. */
    @Override
    public SharedForce shareForce() {
        return new GroupForce(groupCommit);
    }

    /** The group commit shared by every write (forces counted for tests and metrics). */
    public GroupCommit groupCommit() {
        return groupCommit;
    }

    /** References counted for a blob (0 once freed). */
    public int references(long blobId) {
        return transactor.read(tx -> blobs.references(tx, blobId));
    }

    /** The segment files present (numbers, ascending). */
    public List<Long> segmentFiles() {
        return segments.segmentsOnDisk();
    }

    /** Writes into this (empty) store with identifiers kept: the upgrade from James's JPA mailbox. */
    public EmbeddedImport importer() {
        return new EmbeddedImport(transactor, blobs);
    }

    /**
     * Copies the store, consistent as of this call, into {@code target} (a new directory that {@link #open} can open),
     * while writes go on ({@link EmbeddedBackup}). Returns the number of bytes copied.
     */
    public long backupTo(Path target) {
        return EmbeddedBackup.copy(database, segments, target).bytes();
    }

    @Override
    public void close() {
        recordedKeys.stop();
        compactor.stop();
        maintenance.close();
        database.close();
        segmentForce.close();
        segments.close();
        directoryLock.close();
    }
}

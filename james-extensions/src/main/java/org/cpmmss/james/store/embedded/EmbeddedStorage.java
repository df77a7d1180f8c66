package org.cpmmss.james.store.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.AnnotationStore;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FolderStore;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.SubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link MailStorage}: metadata in H2 ({@code DIR/meta.mv.db}, plain JDBC), message bytes in segment
 * files ({@code DIR/segments/}), every write forced through one {@link GroupCommit} (segments first, then the
 * database file) before it returns. Opening runs {@link StartupRecovery}.
 */
public final class EmbeddedStorage implements MailStorage {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedStorage.class);

    /** Tunables of the embedded store. */
    public record Settings(Path dir, long maxSegmentBytes, int connections, int retentionMillis, StoreFiles files) {
        public Settings(Path dir, long maxSegmentBytes, int connections, int retentionMillis) {
            this(dir, maxSegmentBytes, connections, retentionMillis, StoreFiles.DISK);
        }

        public static Settings defaults(Path dir) {
            return new Settings(dir, 64L << 20, 8, 2000);
        }

        /** The same settings, the files written through {@code newFiles}. */
        public Settings withFiles(StoreFiles newFiles) {
            return new Settings(dir, maxSegmentBytes, connections, retentionMillis, newFiles);
        }
    }

    private final SegmentLog segments;
    private final MetadataDatabase database;
    private final GroupCommit groupCommit;
    private final FolderStore folders;
    private final MessageStore messages;
    private final AnnotationStore annotations;
    private final SubscriptionStore subscriptions;
    private final BlobCatalog blobs;
    private final Transactor transactor;

    private EmbeddedStorage(Settings settings, Clock clock, UnaryOperator<Syncable> forceProbe) {
        this.segments = SegmentLog.open(settings.dir().resolve("segments"), settings.maxSegmentBytes(),
            settings.files());
        this.database = MetadataDatabase.open(settings.dir(), settings.connections(), settings.retentionMillis(),
            settings.files());
        this.groupCommit = new GroupCommit(List.of(forceProbe.apply(segments), forceProbe.apply(database)));
        this.transactor = new Transactor(database, groupCommit);
        this.blobs = new BlobCatalog(segments);
        this.folders = new EmbeddedFolderStore(transactor, blobs);
        this.messages = new EmbeddedMessageStore(transactor, blobs, clock);
        this.annotations = new EmbeddedAnnotationStore(transactor);
        this.subscriptions = new EmbeddedSubscriptionStore(transactor);
        StartupRecovery.run(transactor, segments, blobs);
        LOGGER.info("Native message store open in {} ({} segment file(s))", settings.dir(),
            segments.segmentsOnDisk().size());
    }

    public static EmbeddedStorage open(Settings settings, Clock clock) {
        return new EmbeddedStorage(settings, clock, UnaryOperator.identity());
    }

    /** Opens with every force target wrapped by {@code forceProbe} (tests observe the commit path with it). */
    public static EmbeddedStorage open(Settings settings, Clock clock, UnaryOperator<Syncable> forceProbe) {
        return new EmbeddedStorage(settings, clock, forceProbe);
    }

    @Override
    public FolderStore folders() {
        return folders;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public ContentReader content() {
        return segments::read;
    }

    @Override
    public AnnotationStore annotations() {
        return annotations;
    }

    @Override
    public SubscriptionStore subscriptions() {
        return subscriptions;
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
        database.close();
        segments.close();
    }
}

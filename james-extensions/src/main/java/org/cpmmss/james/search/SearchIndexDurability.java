package org.cpmmss.james.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cpmmss.james.imap.search.text.TextIndex;
import org.cpmmss.james.plumbing.DaemonThreads;

/**
 * Keeps the Lucene search index in step with H2 across crashes.
 *
 * <p>James's Lucene index only commits when it is closed, so a killed server would restart with an index
 * that misses everything since its last clean stop: messages are safe in H2 but SEARCH (IMAP and HTTP) no
 * longer finds them. This class commits the index every {@link #COMMIT_INTERVAL}, and records in
 * {@code <data>/lucene/cpm-index-state} whether the server stopped cleanly; after an unclean stop it
 * re-indexes every mailbox in the background (the server serves meanwhile; searches may miss the
 * messages of the last second before the crash until the re-indexing ends).</p>
 *
 * <p>A commit that fails (a full disk) may lose the documents Lucene had buffered, so searches would miss
 * messages that are stored. Once a commit succeeds again (space is back) every mailbox is re-indexed in the
 * background, without a restart; the same happens at the first start with the text index (data of an earlier
 * version); until that re-indexing has ended the state file keeps {@code running}, so a stop
 * meanwhile leads to a re-indexing at the next start. {@link #indexBehind()} tells the health check.</p>
 */
@Singleton
public class SearchIndexDurability implements Startable {
    /** The index's directory under the data directory. */
    public static final String INDEX_DIRECTORY = "lucene";
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexDurability.class);
    private static final String STATE_FILE = "cpm-index-state";
    private static final String RUNNING = "running";
    private static final String CLEAN = "clean";

    private final LuceneMessageSearchIndex index;
    private final ReIndexer reIndexer;
    private final TextIndex textIndex;
    private final Path stateFile;
    private final AtomicBoolean commitFailed = new AtomicBoolean();
    private final AtomicBoolean reIndexPending = new AtomicBoolean();
    private final AtomicInteger reIndexesQueued = new AtomicInteger();
    private ScheduledExecutorService committer;
    private ExecutorService reIndexing;

    @Inject
    public SearchIndexDurability(LuceneMessageSearchIndex index, ReIndexer reIndexer, JamesDirectoriesProvider directories,
                                 TextIndex textIndex) {
        this.index = index;
        this.textIndex = textIndex;
        this.reIndexer = reIndexer;
        this.stateFile = Path.of(directories.getVarDirectory(), INDEX_DIRECTORY, STATE_FILE);
    }

    public void start() throws IOException {
        boolean uncleanStop = Files.exists(stateFile)
            && RUNNING.equals(Files.readString(stateFile, StandardCharsets.UTF_8).trim());
        Files.writeString(stateFile, RUNNING, StandardCharsets.UTF_8);
        committer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cpm-search-index-commit"));
        reIndexing = Executors.newSingleThreadExecutor(DaemonThreads.named("cpm-search-reindex"));
        committer.scheduleWithFixedDelay(this::commit, COMMIT_INTERVAL.toMillis(), COMMIT_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
        if (uncleanStop) {
            LOGGER.warn("The server did not stop cleanly: re-indexing every mailbox in the background");
            committer.execute(this::reIndexEverything);
        } else if (textIndex.behindJamesIndex()) {
            LOGGER.warn("The text index is new beside an existing search index: re-indexing every mailbox in the background");
            committer.execute(this::reIndexEverything);
        }
    }

    private void reIndexEverything() {
        try {
            Task.Result result = reIndexer.reIndex(ReIndexer.RunningOptions.DEFAULT).run();
            LOGGER.info("Re-indexing after an unclean stop finished: {}", result);
        } catch (Exception e) {
            LOGGER.error("Re-indexing after an unclean stop failed; run it over WebAdmin (POST /mailboxes?task=reIndex)", e);
        }
    }

    /** Whether searches may miss stored messages: commits are failing, or the re-indexing after them has not ended. */
    public boolean indexBehind() {
        return commitFailed.get() || reIndexPending.get();
    }

    private void commit() {
        try {
            index.commit();
        } catch (IOException | RuntimeException e) {
            if (commitFailed.getAndSet(true)) {
                LOGGER.warn("Search index commit failed again: {}", e.toString());
            } else {
                reIndexPending.set(true);
                LOGGER.warn("Search index commit failed: searches may miss messages stored from now on; every mailbox "
                    + "is re-indexed once a commit succeeds again", e);
            }
            return;
        }
        if (commitFailed.compareAndSet(true, false)) {
            LOGGER.warn("Search index commits succeed again: re-indexing every mailbox in the background");
            reIndexesQueued.incrementAndGet();
            reIndexing.execute(this::reIndexAfterFailedCommits);
        }
    }

    private void reIndexAfterFailedCommits() {
        try {
            Task.Result result = reIndexer.reIndex(ReIndexer.RunningOptions.DEFAULT).run();
            boolean last = reIndexesQueued.decrementAndGet() == 0;
            if (result == Task.Result.COMPLETED && last && !commitFailed.get()) {
                reIndexPending.set(false);
            }
            LOGGER.info("Re-indexing after failed search index commits finished: {}", result);
        } catch (Exception e) {
            reIndexesQueued.decrementAndGet();
            LOGGER.error("Re-indexing after failed search index commits failed; run it over WebAdmin "
                + "(POST /mailboxes?task=reIndex)", e);
        }
    }

    @PreDestroy
    public void stop() {
        if (committer != null) {
            committer.shutdownNow();
            reIndexing.shutdownNow();
        }
        commit();
        if (indexBehind()) {
            LOGGER.warn("Stopping before the search index caught up after failed commits: re-indexing at the next start");
            return;
        }
        try {
            Files.writeString(stateFile, CLEAN, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOGGER.warn("Cannot record the clean stop of the search index", e);
        }
    }
}

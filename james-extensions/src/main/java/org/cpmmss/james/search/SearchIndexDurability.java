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
import org.apache.james.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.james.search.indexing.SearchIndexingSettings;
import org.cpmmss.james.plumbing.DaemonThreads;

/**
 * Keeps the search index in step with the store across crashes.
 *
 * <p>The index commits every {@code cpm.search.commit-interval} ({@link SearchIndexingSettings}), with the
 * per-folder "indexed up to" marks of the
 * {@link SearchIndexer}; at start the indexer indexes again every folder's tail above its mark, which is what a
 * crash (or an index written by an earlier version, which has no marks) left unindexed. This class records in
 * {@code <data>/lucene-text/cpm-index-state} whether the server stopped cleanly, for the log.</p>
 *
 * <p>A commit that fails (a full disk) may lose the documents Lucene had buffered, so searches would miss
 * messages that are stored. Once a commit succeeds again (space is back) every mailbox is re-indexed in the
 * background, without a restart; until that re-indexing has ended the state file keeps {@code running}.
 * {@link #indexBehind()} tells the health check.</p>
 */
@Singleton
public class SearchIndexDurability implements Startable {
    /** The search index's directory under the data directory. */
    public static final String INDEX_DIRECTORY = "lucene-text";
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexDurability.class);
    private static final String STATE_FILE = "cpm-index-state";
    private static final String RUNNING = "running";
    private static final String CLEAN = "clean";

    private final SearchIndexer index;
    private final Duration commitInterval;
    private final ReIndexer reIndexer;
    private final Path stateFile;
    private final AtomicBoolean commitFailed = new AtomicBoolean();
    private final AtomicBoolean reIndexPending = new AtomicBoolean();
    private final AtomicInteger reIndexesQueued = new AtomicInteger();
    private ScheduledExecutorService committer;
    private ExecutorService reIndexing;

    @Inject
    public SearchIndexDurability(SearchIndexer index, SearchIndexingSettings settings, ReIndexer reIndexer,
                                 JamesDirectoriesProvider directories) {
        this.index = index;
        this.commitInterval = settings.commitInterval();
        this.reIndexer = reIndexer;
        this.stateFile = Path.of(directories.getVarDirectory(), INDEX_DIRECTORY, STATE_FILE);
    }

    public void start() throws IOException {
        boolean uncleanStop = Files.exists(stateFile)
            && RUNNING.equals(Files.readString(stateFile, StandardCharsets.UTF_8).trim());
        Files.createDirectories(stateFile.getParent());
        Files.writeString(stateFile, RUNNING, StandardCharsets.UTF_8);
        committer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cpm-search-index-commit"));
        reIndexing = Executors.newSingleThreadExecutor(DaemonThreads.named("cpm-search-reindex"));
        committer.scheduleWithFixedDelay(this::commit, commitInterval.toMillis(), commitInterval.toMillis(),
            TimeUnit.MILLISECONDS);
        if (uncleanStop) {
            LOGGER.warn("The server did not stop cleanly: indexing every folder's tail above its mark in the background");
        }
        index.start();
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
        index.stop();
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

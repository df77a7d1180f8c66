package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cpmmss.james.search.text.LuceneTextIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop while the indexer works through a backlog (a clean stop right after heavy ingestion) lets the message being
 * indexed finish instead of interrupting the indexer inside Lucene's writes: an interrupted write fails, and the
 * index's last commit with it ("Search index commit failed" at every such stop). What was indexed gets its mark; the
 * rest is a tail for the next start. Nor does a long gather delay hold the stop up.
 */
class IndexerStopTest {
    @TempDir
    Path dir;
    private IndexerFixture world;
    private SearchIndexer indexer;

    @AfterEach
    void close() {
        if (world != null) {
            world.close(); // stops the indexer too
        }
    }

    @Test
    void aStopDuringABacklogFinishesTheMessageUnderWayAndTheCommitThatFollowsSucceeds() throws Exception {
        SlowTextIndex index = worldWithMessages(20);
        indexer = world.indexer(index, new SearchIndexingSettings(Duration.ZERO));
        indexer.start();
        assertThat(index.started.await(30, TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        indexer.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(index.interruptedAdds).as("adds that ran with the indexer interrupted").isEmpty();
        assertThat(index.adds.size()).as("the backlog was left part-way").isBetween(1, 19);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        index.commit(); // throws when a write failed since the last commit
        assertThat(index.delegate().marks()).as("the mark covers what was indexed")
            .containsValue((long) index.adds.size());
    }

    @Test
    void aLongGatherDelayDoesNotHoldTheStopUp() throws Exception {
        SlowTextIndex index = worldWithMessages(1);
        indexer = world.indexer(index, new SearchIndexingSettings(Duration.ofMinutes(10)));
        indexer.start();
        Thread.sleep(200); // the indexer found the folder pending and waits out the gather delay

        long before = System.nanoTime();
        indexer.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        assertThat(index.adds).isEmpty();
    }

    private SlowTextIndex worldWithMessages(int count) throws Exception {
        world = new IndexerFixture(dir);
        for (int i = 0; i < count; i++) {
            world.append("m" + i, "hello " + i);
        }
        return new SlowTextIndex(world.newIndex());
    }
}

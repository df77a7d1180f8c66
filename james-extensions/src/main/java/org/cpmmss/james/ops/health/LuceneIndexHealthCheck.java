package org.cpmmss.james.ops.health;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.Directory;
import org.cpmmss.james.search.SearchIndexDurability;

/**
 * The search index under {@code <data>/lucene-text} can be opened for reading. A store that has not
 * indexed anything yet has no segments: that is healthy. Degraded while searches may miss stored messages: its
 * commits fail (a full disk) or the re-indexing that follows has not ended ({@link SearchIndexDurability}).
 */
public class LuceneIndexHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Lucene index");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Directory directory;
    private final SearchIndexDurability durability;

    @Inject
    public LuceneIndexHealthCheck(Directory directory, SearchIndexDurability durability) {
        super(COMPONENT, TIMEOUT, "cannot open the search index");
        this.directory = directory;
        this.durability = durability;
    }

    @Override
    protected Result inspect() throws Exception {
        if (durability.indexBehind()) {
            return Result.degraded(COMPONENT, "search index commits failed (disk full?): searches may miss stored "
                + "messages until the re-indexing that follows ends");
        }
        directory.listAll();
        if (!IndexReader.indexExists(directory)) {
            return Result.healthy(COMPONENT);
        }
        try (IndexReader reader = IndexReader.open(directory, true)) {
            reader.numDocs();
        }
        return Result.healthy(COMPONENT);
    }
}

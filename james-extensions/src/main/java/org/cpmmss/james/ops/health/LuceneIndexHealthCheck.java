package org.cpmmss.james.ops.health;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.Directory;

/**
 * The Lucene search index under {@code <data>/lucene} can be opened for reading. A store that has not
 * indexed anything yet has no segments: that is healthy.
 */
public class LuceneIndexHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Lucene index");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Directory directory;

    @Inject
    public LuceneIndexHealthCheck(Directory directory) {
        super(COMPONENT, TIMEOUT, "cannot open the search index");
        this.directory = directory;
    }

    @Override
    protected Result inspect() throws Exception {
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

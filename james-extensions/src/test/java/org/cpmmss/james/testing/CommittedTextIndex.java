package org.cpmmss.james.testing;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.TotalHitCountCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.cpmmss.james.search.text.TextIndexFields;

/** The text index of a data directory as it was last committed, read from its files (not through the server). */
public final class CommittedTextIndex {
    private CommittedTextIndex() {
    }

    /** How many message documents the last commit of {@code dataDirectory/lucene-text} holds. */
    public static int messageDocuments(Path dataDirectory) throws IOException {
        try (Directory directory = FSDirectory.open(dataDirectory.resolve("lucene-text").toFile());
             IndexReader reader = IndexReader.open(directory, true); IndexSearcher searcher = new IndexSearcher(reader)) {
            TotalHitCountCollector documents = new TotalHitCountCollector();
            searcher.search(new PrefixQuery(new Term(TextIndexFields.MAILBOX_ID, "")), documents);
            return documents.getTotalHits();
        }
    }
}

package org.cpmmss.james.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.james.mailbox.lucene.search.LenientImapSearchAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search's collector against a real index with several segments: {@link NewestFirstCollector} returns exactly
 * the newest matches, in order, whatever order the documents were indexed in.
 */
class SearchIndexPartsTest {
    private static final String BODY = "body";
    private static final String ARRIVAL = "arrival";
    private static final String UID = "uid";
    private static final String[] WORDS = {"pizza", "pizzas", "pizzeria", "piz", "harbour", "harbor", "coffee",
        "café", "p!zza", "pizza!", "river", "x"};
    private static final int DOCS = 3000;

    private static RAMDirectory directory;

    @BeforeAll
    static void index() throws Exception {
        directory = new RAMDirectory();
        Random random = new Random(42);
        IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_36, new LenientImapSearchAnalyzer());
        config.setMaxBufferedDocs(200); // several segments
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < DOCS; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 3 + random.nextInt(6); w++) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? " " + i : "").append(' ');
                }
                // arrival mostly rising with the document number, with ties and stragglers
                long arrival = 20240101000000000L + (random.nextInt(10) == 0 ? random.nextInt(DOCS) : i / 3);
                long uid = 1 + random.nextInt(DOCS);
                Document doc = new Document();
                doc.add(new Field(BODY, text.toString(), Field.Store.NO, Field.Index.ANALYZED));
                doc.add(new Field(ARRIVAL, Long.toString(arrival), Field.Store.YES, Field.Index.NOT_ANALYZED));
                doc.add(new NumericField(UID, Field.Store.YES, true).setLongValue(uid));
                writer.addDocument(doc);
            }
        }
    }

    @Test
    void newestFirstReturnsTheNewestMatchesInOrder() throws Exception {
        try (IndexReader reader = IndexReader.open(directory); IndexSearcher searcher = new IndexSearcher(reader)) {
            for (int n : List.of(1, 20, 101, DOCS + 5)) {
                NewestFirstCollector collector = new NewestFirstCollector(ARRIVAL, UID, n);
                searcher.search(new PrefixQuery(new Term(BODY, "PIZZA")), collector);
                List<Integer> matching = new ArrayList<>(docs(searcher, new PrefixQuery(new Term(BODY, "PIZZA"))));
                // merges may renumber documents: read each one's values back from the index
                Map<Integer, long[]> values = new HashMap<>();
                for (int doc : matching) {
                    Document stored = searcher.doc(doc);
                    values.put(doc, new long[] {Long.parseLong(stored.get(ARRIVAL)), Long.parseLong(stored.get(UID))});
                }
                matching.sort(Comparator.<Integer>comparingLong(d -> values.get(d)[0])
                    .thenComparingLong(d -> values.get(d)[1])
                    .thenComparingInt(d -> d)
                    .reversed());
                List<Integer> expected = matching.subList(0, Math.min(n, matching.size()));

                assertThat(collector.newest().stream().map(NewestFirstCollector.Match::doc).toList()).as("top " + n).isEqualTo(expected);
                assertThat(collector.matches()).isEqualTo(matching.size());
            }
            NewestFirstCollector all = new NewestFirstCollector(ARRIVAL, UID, 5);
            searcher.search(new MatchAllDocsQuery(), all);
            assertThat(all.matches()).isEqualTo(DOCS);
        }
    }

    private static Set<Integer> docs(IndexSearcher searcher, Query query) throws Exception {
        Set<Integer> docs = new HashSet<>();
        searcher.search(query, new Collector() {
            private int base;

            @Override
            public void setScorer(Scorer scorer) {
            }

            @Override
            public void collect(int doc) {
                docs.add(base + doc);
            }

            @Override
            public void setNextReader(IndexReader segment, int docBase) {
                base = docBase;
            }

            @Override
            public boolean acceptsDocsOutOfOrder() {
                return true;
            }
        });
        return docs;
    }
}

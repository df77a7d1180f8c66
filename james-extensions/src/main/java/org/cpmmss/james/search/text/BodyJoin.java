package org.cpmmss.james.search.text;

import java.io.IOException;
import java.util.BitSet;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.DocIdSet;
import org.apache.lucene.search.FieldCache;
import org.apache.lucene.search.Filter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.util.OpenBitSet;

/**
 * A query on the body text (BODY, the body half of TEXT, the history search's words) answered for a set of copies:
 * the copies' body numbers are gathered, the query runs on those body documents only (a filter, so the text of other
 * folders' bodies is not read), and the copies whose body matched are handed to the caller's collector.
 */
public final class BodyJoin {
    private BodyJoin() {
    }

    /**
     * Feeds the collector every copy document matching {@code copies} (and {@code copyFilter}, if any) whose body
     * document matches {@code bodies}.
     */
    public static void search(IndexSearcher searcher, Query copies, Filter copyFilter, Query bodies, Collector sink)
        throws IOException {
        BitSet referenced = new BitSet();
        searcher.search(copies, copyFilter, new CopiesOf(referenced, null));
        if (referenced.isEmpty()) {
            return;
        }
        BitSet matched = new BitSet();
        searcher.search(bodies, new BodiesIn(referenced), new BodyNumbers(matched));
        if (matched.isEmpty()) {
            return;
        }
        searcher.search(copies, copyFilter, new CopiesOf(matched, sink));
    }

    private static int[] references(IndexReader reader) throws IOException {
        return FieldCache.DEFAULT.getInts(reader, TextIndexFields.BODY_REF);
    }

    /**
     * Without a sink: records the body number of every copy collected. With one: passes on the copies whose body
     * number is in the set.
     */
    private static final class CopiesOf extends Collector {
        private final BitSet bodies;
        private final Collector sink;
        private int[] references;

        CopiesOf(BitSet bodies, Collector sink) {
            this.bodies = bodies;
            this.sink = sink;
        }

        @Override
        public void setScorer(Scorer scorer) throws IOException {
            if (sink != null) {
                sink.setScorer(scorer);
            }
        }

        @Override
        public void collect(int doc) throws IOException {
            int body = references[doc];
            if (body <= 0) {
                return;
            }
            if (sink == null) {
                bodies.set(body);
            } else if (bodies.get(body)) {
                sink.collect(doc);
            }
        }

        @Override
        public void setNextReader(IndexReader reader, int docBase) throws IOException {
            references = references(reader);
            if (sink != null) {
                sink.setNextReader(reader, docBase);
            }
        }

        @Override
        public boolean acceptsDocsOutOfOrder() {
            return sink == null || sink.acceptsDocsOutOfOrder();
        }
    }

    /** The body documents whose number is in the set. */
    private static final class BodiesIn extends Filter {
        private final BitSet numbers;

        BodiesIn(BitSet numbers) {
            this.numbers = numbers;
        }

        @Override
        public DocIdSet getDocIdSet(IndexReader reader) throws IOException {
            int[] bodyNumbers = FieldCache.DEFAULT.getInts(reader, TextIndexFields.BODY_NO);
            OpenBitSet docs = new OpenBitSet(reader.maxDoc());
            for (int doc = 0; doc < bodyNumbers.length; doc++) {
                int number = bodyNumbers[doc];
                if (number > 0 && numbers.get(number)) {
                    docs.fastSet(doc);
                }
            }
            return docs;
        }
    }

    /** Records the number of every body document collected. */
    private static final class BodyNumbers extends Collector {
        private final BitSet matched;
        private int[] numbers;

        BodyNumbers(BitSet matched) {
            this.matched = matched;
        }

        @Override
        public void setScorer(Scorer scorer) {
        }

        @Override
        public void collect(int doc) {
            matched.set(numbers[doc]);
        }

        @Override
        public void setNextReader(IndexReader reader, int docBase) throws IOException {
            numbers = FieldCache.DEFAULT.getInts(reader, TextIndexFields.BODY_NO);
        }

        @Override
        public boolean acceptsDocsOutOfOrder() {
            return true;
        }
    }
}

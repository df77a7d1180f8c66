package org.cpmmss.james.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.FieldCache;
import org.apache.lucene.search.Scorer;

/**
 * Collects the matching documents, then keeps the newest {@code n}: by arrival time, then UID, then document
 * number, all descending.
 *
 * <p>Why not Lucene's sorting collector: documents are numbered in about the order they were stored, so a search
 * visits the oldest match first, and with "newest first" every match displaces the current last of the top
 * {@code n} (at 1,000,000 messages, a common word's 125,000 matches each went through the queue: half of a search's
 * time). Here the matches are remembered (4 bytes each) and offered newest-numbered first, so after the first
 * {@code n} almost every one is rejected by one comparison. The result does not depend on that order.</p>
 */
final class NewestFirstCollector extends Collector {
    private final String arrivalField;
    private final String uidField;
    private final int n;
    private final List<Segment> segments = new ArrayList<>();
    private Segment current;
    private int matches;

    /** One matching document, for the caller: its number in the whole index. */
    record Match(int doc, long arrival, long uid) {
    }

    private static final Comparator<Match> OLDEST_FIRST = Comparator.comparingLong(Match::arrival)
        .thenComparingLong(Match::uid)
        .thenComparingInt(Match::doc);

    NewestFirstCollector(String arrivalField, String uidField, int n) {
        this.arrivalField = arrivalField;
        this.uidField = uidField;
        this.n = n;
    }

    @Override
    public void setScorer(Scorer scorer) {
        // scores are not used
    }

    @Override
    public void collect(int doc) {
        current.add(doc);
        matches++;
    }

    @Override
    public void setNextReader(IndexReader reader, int docBase) throws IOException {
        current = new Segment(docBase, FieldCache.DEFAULT.getLongs(reader, arrivalField),
            FieldCache.DEFAULT.getLongs(reader, uidField));
        segments.add(current);
    }

    @Override
    public boolean acceptsDocsOutOfOrder() {
        return true;
    }

    /** How many documents matched. */
    int matches() {
        return matches;
    }

    /** The newest {@code n} matches, newest first. */
    List<Match> newest() {
        PriorityQueue<Match> top = new PriorityQueue<>(Math.max(1, n), OLDEST_FIRST);
        for (int s = segments.size() - 1; s >= 0; s--) {
            Segment segment = segments.get(s);
            int[] docs = segment.docs();
            for (int i = docs.length - 1; i >= 0; i--) {
                int doc = docs[i];
                long arrival = segment.arrival[doc];
                long uid = segment.uid[doc];
                if (top.size() == n && !newer(arrival, uid, segment.docBase + doc, top.peek())) {
                    continue;
                }
                top.add(new Match(segment.docBase + doc, arrival, uid));
                if (top.size() > n) {
                    top.poll();
                }
            }
        }
        List<Match> newest = new ArrayList<>(top);
        newest.sort(OLDEST_FIRST.reversed());
        return newest;
    }

    private static boolean newer(long arrival, long uid, int doc, Match than) {
        if (arrival != than.arrival()) {
            return arrival > than.arrival();
        }
        if (uid != than.uid()) {
            return uid > than.uid();
        }
        return doc > than.doc();
    }

    /** The matches of one index segment (segment-local numbers) and its arrival and UID values. */
    private static final class Segment {
        private final int docBase;
        private final long[] arrival;
        private final long[] uid;
        private int[] docs = new int[64];
        private int size;

        Segment(int docBase, long[] arrival, long[] uid) {
            this.docBase = docBase;
            this.arrival = arrival;
            this.uid = uid;
        }

        void add(int doc) {
            if (size == docs.length) {
                docs = Arrays.copyOf(docs, size * 2);
            }
            docs[size++] = doc;
        }

        int[] docs() {
            int[] sorted = Arrays.copyOf(docs, size);
            Arrays.sort(sorted); // out-of-order scorers may deliver them unsorted
            return sorted;
        }
    }
}

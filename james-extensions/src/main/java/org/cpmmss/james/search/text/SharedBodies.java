package org.cpmmss.james.search.text;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.nio.charset.StandardCharsets;

import org.apache.lucene.document.FieldSelector;
import org.apache.lucene.document.MapFieldSelector;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermDocs;
import org.apache.lucene.index.TermEnum;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;

/**
 * The body documents of the embedded text index: one per distinct decoded body text (its key:
 * {@link TextDocuments#bodyDigest}), shared by every copy of the message in the owners' folders, so a group chat
 * object stored for ten owners has its body text indexed once (BODY trigrams and history words), and ten small copy
 * documents. A body document lives while a copy document refers to it: the expunge (or folder deletion) that removes
 * its last copy deletes it too, and the deleted-document merges of {@link LuceneTextIndex} reclaim its space.
 *
 * <p>Every write of copy and body documents goes through this class under one lock, and reads what the index holds
 * through a private near-real-time reader: a body is written only when no live body document has its key (the
 * bodies written since the reader was opened are remembered), and a delete counts, on a reader that sees every write
 * before it, the copies referring to each body besides those deleted.</p>
 */
final class SharedBodies implements Closeable {
    /** Bodies written since the reader was opened beyond which the reader is refreshed at the next commit anyway. */
    static final int REMEMBERED_BODIES = 4096;
    private static final FieldSelector NUMBER = new MapFieldSelector(TextIndexFields.BODY_NO);
    private static final FieldSelector REFERENCE = new MapFieldSelector(TextIndexFields.BODY_REF);

    private final IndexWriter writer;
    private IndexReader reader;
    /** Body documents written since {@link #reader} was opened: key to number. */
    private final Map<String, Integer> written = new HashMap<>();
    /** Whether the writer changed since {@link #reader} was opened. */
    private boolean stale;
    private int lastNumber;
    /**
     * The keys of every body document written since the index was opened or held by it then (read at the first write,
     * on the indexer's thread): a key it does not hold has no body document, without a look-up in every segment of
     * the index — the case of almost every new message. Bodies deleted since stay in it (a look-up then answers).
     */
    private BloomFilter<CharSequence> everWritten;
    /**
     * The live body documents written or found last, key to number, kept across reader refreshes (the second owner's
     * copy of a message is often indexed after the commit that followed the first one's); a body deleted leaves it.
     */
    private final Map<String, Integer> recent = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_BODIES;
        }
    };

    SharedBodies(IndexWriter writer) throws IOException {
        this.writer = writer;
        this.reader = IndexReader.open(writer, true);
        this.lastNumber = highestNumber(reader);
    }

    /** Writes (or replaces) the copy document of an entry, after the body document of its text unless one lives. */
    synchronized void write(TextEntry entry, Term id) throws IOException {
        String digest = TextDocuments.bodyDigest(entry.body());
        int number = number(digest);
        stale = true;
        if (number == 0) {
            number = lastNumber + 1;
            writer.addDocument(TextDocuments.body(digest, number, entry.body()));
            lastNumber = number;
            written.put(digest, number);
            recent.put(digest, number);
        }
        writer.updateDocument(id, TextDocuments.copy(entry, number));
    }

    /**
     * Deletes the copy documents matching any of the terms (copy ids, or a folder), and the body documents no other
     * copy refers to.
     */
    synchronized void delete(Collection<Term> copies) throws IOException {
        if (stale) {
            refresh();
        }
        Map<Integer, Integer> leaving = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        for (Term term : copies) {
            TermDocs docs = reader.termDocs(term);
            try {
                while (docs.next()) {
                    String reference = seen.add(docs.doc()) ? reader.document(docs.doc(), REFERENCE).get(TextIndexFields.BODY_REF) : null;
                    if (reference != null) {
                        leaving.merge(Integer.parseInt(reference), 1, Integer::sum);
                    }
                }
            } finally {
                docs.close();
            }
        }
        stale = true;
        writer.deleteDocuments(copies.toArray(new Term[0]));
        List<Term> unreferenced = new ArrayList<>();
        for (Map.Entry<Integer, Integer> body : leaving.entrySet()) {
            if (!referencedBeyond(body.getKey(), body.getValue())) {
                unreferenced.add(new Term(TextIndexFields.BODY_NO, Integer.toString(body.getKey())));
            }
        }
        if (!unreferenced.isEmpty()) {
            Set<Integer> gone = new HashSet<>();
            unreferenced.forEach(term -> gone.add(Integer.parseInt(term.text())));
            recent.values().removeIf(gone::contains);
            writer.deleteDocuments(unreferenced.toArray(new Term[0]));
            refresh(); // the deleted bodies must no longer be found by number()
        }
    }

    /** Removes every document (old layout): the next bodies are numbered from 1 again. */
    synchronized void deleteAll() throws IOException {
        recent.clear();
        writer.deleteAll();
        refresh();
        lastNumber = 0;
    }

    /**
     * After a commit: the reader is reopened when the index changed, so that it sees what was written and no longer
     * holds segments that merges replaced (their files go once no reader uses them).
     */
    synchronized void committed() throws IOException {
        if (stale || written.size() > REMEMBERED_BODIES) {
            refresh();
        }
    }

    /** The number of the live body document with that key, 0 when none. */
    private int number(String digest) throws IOException {
        Integer known = written.get(digest);
        if (known == null) {
            known = recent.get(digest);
        }
        if (known != null) {
            return known;
        }
        if (everWritten == null) {
            everWritten = keysHeld(reader);
        }
        if (!everWritten.mightContain(digest)) {
            everWritten.put(digest); // written next by write()
            return 0;
        }
        everWritten.put(digest);
        TermDocs docs = reader.termDocs(new Term(TextIndexFields.BODY_KEY, digest));
        try {
            if (!docs.next()) {
                return 0;
            }
            int found = Integer.parseInt(reader.document(docs.doc(), NUMBER).get(TextIndexFields.BODY_NO));
            recent.put(digest, found);
            return found;
        } finally {
            docs.close();
        }
    }

    /** Whether more than {@code leaving} live copies refer to the body (those leaving are among them). */
    private boolean referencedBeyond(int number, int leaving) throws IOException {
        TermDocs docs = reader.termDocs(new Term(TextIndexFields.BODY_REF, Integer.toString(number)));
        try {
            int count = 0;
            while (docs.next()) {
                if (++count > leaving) {
                    return true;
                }
            }
            return false;
        } finally {
            docs.close();
        }
    }

    private void refresh() throws IOException {
        IndexReader newer = IndexReader.openIfChanged(reader, writer, true);
        if (newer != null) {
            reader.close();
            reader = newer;
        }
        written.clear();
        stale = false;
    }

    /** The body keys the index holds (live or deleted), in a filter sized for twice as many or a million at least. */
    private static BloomFilter<CharSequence> keysHeld(IndexReader reader) throws IOException {
        List<String> keys = new ArrayList<>();
        TermEnum terms = reader.terms(new Term(TextIndexFields.BODY_KEY, ""));
        try {
            do {
                Term term = terms.term();
                if (term == null || !TextIndexFields.BODY_KEY.equals(term.field())) {
                    break;
                }
                keys.add(term.text());
            } while (terms.next());
        } finally {
            terms.close();
        }
        BloomFilter<CharSequence> filter = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8),
            Math.max(1 << 20, 2L * keys.size()), 0.01);
        keys.forEach(filter::put);
        return filter;
    }

    /** The highest body number in the index (numbers are not reused while the index lives). */
    private static int highestNumber(IndexReader reader) throws IOException {
        int highest = 0;
        TermEnum terms = reader.terms(new Term(TextIndexFields.BODY_NO, ""));
        try {
            do {
                Term term = terms.term();
                if (term == null || !TextIndexFields.BODY_NO.equals(term.field())) {
                    break;
                }
                highest = Math.max(highest, Integer.parseInt(term.text()));
            } while (terms.next());
        } finally {
            terms.close();
        }
        return highest;
    }

    @Override
    public synchronized void close() throws IOException {
        reader.close();
    }
}

package org.cpmmss.james.http;

import java.io.IOException;
import java.util.Objects;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FilteredTermEnum;
import org.apache.lucene.search.MultiTermQuery;

/**
 * Documents holding a word that starts with a prefix, on a field analysed by James's
 * {@code LenientImapSearchAnalyzer}: the same documents as a {@code PrefixQuery}, reached through the single-word
 * terms only.
 *
 * <p>That analyser indexes every word and every run of two to four words (shingles: "PIZZA MESSAGE 123"), so a
 * chat message adds a few terms of its own to the term dictionary, and a prefix of a common word has hundreds of
 * thousands of terms at 1,000,000 messages, each looked up again for its postings by {@code PrefixQuery}. A
 * document that holds a shingle starting with the prefix also holds its first word alone (the analyser keeps the
 * single words), so skipping the shingles loses no document.</p>
 */
final class WordPrefixQuery extends MultiTermQuery {
    private static final long serialVersionUID = 1L;

    private final Term prefix;

    WordPrefixQuery(Term prefix) {
        this.prefix = prefix;
    }

    @Override
    protected FilteredTermEnum getEnum(IndexReader reader) throws IOException {
        return new SingleWordsWithPrefix(reader, prefix);
    }

    @Override
    public String toString(String field) {
        return (prefix.field().equals(field) ? "" : prefix.field() + ":") + prefix.text() + "* (single words)";
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && prefix.equals(((WordPrefixQuery) other).prefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), prefix);
    }

    /**
     * The terms of the prefix's field that start with it and hold no space after it. The shingles that start with
     * one word ("PIZZA ...") sort together right after it, so the enumeration seeks past them at once instead of
     * reading them; it stops at the first term past the prefix.
     */
    private static final class SingleWordsWithPrefix extends FilteredTermEnum {
        private final IndexReader reader;
        private final Term prefix;
        private boolean endEnum;

        SingleWordsWithPrefix(IndexReader reader, Term prefix) throws IOException {
            this.reader = reader;
            this.prefix = prefix;
            setEnum(reader.terms(new Term(prefix.field(), prefix.text())));
        }

        @Override
        public boolean next() throws IOException {
            if (actualEnum == null || endEnum || !actualEnum.next()) {
                return finish();
            }
            return settle();
        }

        /** From the enumeration's current term: the first acceptable term at or after it, skipping shingles. */
        private boolean settle() throws IOException {
            while (true) {
                Term term = actualEnum.term();
                if (term == null || !hasPrefix(term)) {
                    return finish();
                }
                int space = spaceAfterPrefix(term);
                if (space < 0) {
                    currentTerm = term;
                    return true;
                }
                // '!' is the character right after ' ': the first term after every shingle of this word
                actualEnum.close();
                actualEnum = reader.terms(new Term(prefix.field(), term.text().substring(0, space) + '!'));
            }
        }

        private boolean finish() {
            endEnum = true;
            currentTerm = null;
            return false;
        }

        private boolean hasPrefix(Term term) {
            return term.field().equals(prefix.field()) && term.text().startsWith(prefix.text());
        }

        @Override
        protected boolean termCompare(Term term) {
            // used by setEnum for the first term only; next() does its own walking
            return hasPrefix(term) && spaceAfterPrefix(term) < 0;
        }

        /** Where a shingle's second word starts after the prefix, or -1 for a single word. */
        private int spaceAfterPrefix(Term term) {
            return term.text().indexOf(' ', prefix.text().length());
        }

        @Override
        public float difference() {
            return 1.0f;
        }

        @Override
        protected boolean endEnum() {
            return endEnum;
        }
    }
}

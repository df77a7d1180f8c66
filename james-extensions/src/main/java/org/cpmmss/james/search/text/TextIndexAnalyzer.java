package org.cpmmss.james.search.text;

import java.io.Reader;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;

/**
 * The analyser of the text index: the HTTP search's word field gets {@link WordTokenizer}, every other analysed
 * field (bodies, headers, addresses) {@link TrigramTokenizer}: each distinct trigram once for the body and the whole
 * header section (indexed without frequencies or positions), every occurrence for the fields with positions.
 */
public final class TextIndexAnalyzer extends Analyzer {
    @Override
    public final TokenStream tokenStream(String fieldName, Reader reader) {
        if (TextIndexFields.WORDS.equals(fieldName)) {
            return new WordTokenizer(reader);
        }
        // the body and the whole header section are indexed without frequencies or positions: each trigram once
        boolean docsOnly = TextIndexFields.BODY.equals(fieldName) || TextIndexFields.HEADERS.equals(fieldName);
        return new TrigramTokenizer(reader, docsOnly);
    }
}

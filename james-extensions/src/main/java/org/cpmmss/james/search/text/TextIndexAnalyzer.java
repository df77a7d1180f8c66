package org.cpmmss.james.search.text;

import java.io.Reader;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;

/**
 * The analyser of the text index: the HTTP search's word field gets {@link WordTokenizer}, every other analysed
 * field (bodies, headers, addresses) {@link TrigramTokenizer}.
 */
public final class TextIndexAnalyzer extends Analyzer {
    @Override
    public final TokenStream tokenStream(String fieldName, Reader reader) {
        if (TextIndexFields.WORDS.equals(fieldName)) {
            return new WordTokenizer(reader);
        }
        return new TrigramTokenizer(reader);
    }
}

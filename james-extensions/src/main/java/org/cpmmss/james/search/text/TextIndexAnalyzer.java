package org.cpmmss.james.search.text;

import java.io.Reader;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;

/**
 * The analyser of the text index: the HTTP search's word field gets {@link WordTokenizer}, every other analysed
 * field (the body, the whole header section, the address headers) {@link TrigramTokenizer}, each distinct trigram
 * once: they are indexed without frequencies or positions.
 */
public final class TextIndexAnalyzer extends Analyzer {
    @Override
    public final TokenStream tokenStream(String fieldName, Reader reader) {
        if (TextIndexFields.WORDS.equals(fieldName)) {
            return new WordTokenizer(reader);
        }
        return new TrigramTokenizer(reader, true);
    }
}

import java.io.File;
import java.util.Map;
import java.util.TreeMap;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermEnum;
import org.apache.lucene.index.TermPositions;
import org.apache.lucene.store.FSDirectory;

/**
 * Per field of a Lucene 3.6 index: distinct terms, term/document pairs (postings), positions, and the characters of
 * its terms: where an index's bytes go (bench/soak/text-index-check.sh runs it on a copy).
 *
 *   java -cp lucene-core-3.6.2.jar bench/soak/TextIndexFieldStats.java INDEX_DIR
 */
public class TextIndexFieldStats {
    public static void main(String[] args) throws Exception {
        Map<String, long[]> stats = new TreeMap<>();
        try (IndexReader reader = IndexReader.open(FSDirectory.open(new File(args[0])))) {
            TermEnum terms = reader.terms();
            TermPositions positions = reader.termPositions();
            while (terms.next()) {
                Term term = terms.term();
                long[] s = stats.computeIfAbsent(term.field(), f -> new long[4]);
                s[0]++;
                s[3] += term.text().length();
                positions.seek(terms);
                while (positions.next()) {
                    s[1]++;
                    s[2] += positions.freq();
                }
            }
            System.out.printf("documents %d (max %d)%n", reader.numDocs(), reader.maxDoc());
        }
        long[] total = new long[4];
        System.out.printf("%-40s %10s %12s %12s %12s%n", "field", "terms", "postings", "positions", "term chars");
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            long[] s = e.getValue();
            System.out.printf("%-40s %10d %12d %12d %12d%n", e.getKey(), s[0], s[1], s[2], s[3]);
            for (int i = 0; i < 4; i++) {
                total[i] += s[i];
            }
        }
        System.out.printf("%-40s %10d %12d %12d %12d%n", "TOTAL", total[0], total[1], total[2], total[3]);
    }
}

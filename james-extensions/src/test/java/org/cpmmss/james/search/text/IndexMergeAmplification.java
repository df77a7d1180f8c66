package org.cpmmss.james.search.text;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.apache.james.mailbox.jpa.JPAId;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

/**
 * Measurement tool (not a test): the text index's merge amplification for a merge floor. COMMITS commits of 20 chat
 * objects each (the documents {@link TextDocuments} writes, the index committed after each batch, as the search
 * indexer commits every second); prints the bytes of every segment ever seen, the index at the end, their ratio and
 * the segments at the end. {@link IndexMergeAmplificationTest} runs the same workload through {@link LuceneTextIndex}.
 *
 * <pre>java -cp ... org.cpmmss.james.search.text.IndexMergeAmplification FLOOR_MB [COMMITS=150]</pre>
 */
public final class IndexMergeAmplification {
    static final int PER_COMMIT = 20;
    private static final String[] WORDS = ("lighthouse tomorrow morning tickets coffee station platform harbour"
        + " seventeen umbrella orchestra violet marmalade quarantine bicycle kaleidoscope saxophone").split(" ");

    private IndexMergeAmplification() {
    }

    public static void main(String[] args) throws Exception {
        double floorMb = Double.parseDouble(args[0]);
        int commits = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setFloorSegmentMB(floorMb);
        RAMDirectory directory = new RAMDirectory();
        Random random = new Random(42);
        Map<String, Long> written = new HashMap<>();
        try (IndexWriter writer = new IndexWriter(directory,
            new IndexWriterConfig(Version.LUCENE_36, new TextIndexAnalyzer()).setMergePolicy(policy))) {
            long uid = 0;
            for (int commit = 0; commit < commits; commit++) {
                for (int i = 0; i < PER_COMMIT; i++) {
                    uid++;
                    writer.addDocuments(TextDocuments.all(TextEntry.of(
                        TextIndexFieldSizes.stored(JPAId.of(7), uid, chatObject(random, uid)))));
                }
                writer.commit();
                segments(directory).forEach((segment, bytes) -> written.merge(segment, bytes, Math::max));
            }
            writer.waitForMerges();
            writer.commit();
        }
        long ever = written.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> end = segments(directory);
        long now = end.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("floor=%.4f MB commits=%d written=%d final=%d ratio=%.1f segments=%d%n", floorMb, commits,
            ever, now, (double) ever / now, end.size());
    }

    /** A chat object of 60 words from a small vocabulary with numbers, its own Message-ID and Subject. */
    static byte[] chatObject(Random random, long uid) {
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 60; w++) {
            body.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10_000)).append(' ');
        }
        return ("From: sip:alice@example.com\r\nTo: sip:bob@example.com\r\nSubject: chat " + uid
            + "\r\nMessage-ID: <" + uid + "." + random.nextLong() + "@example.com>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes of each segment present now (its files, compound or not; deletions files left out). */
    static Map<String, Long> segments(Directory directory) throws java.io.IOException {
        Map<String, Long> sizes = new HashMap<>();
        for (String name : directory.listAll()) {
            if (name.startsWith("_") && !name.endsWith(".del")) {
                try {
                    sizes.merge(name.substring(0, name.indexOf('.')), directory.fileLength(name), Long::sum);
                } catch (java.io.IOException deletedMeanwhile) {
                    // a merge's input removed between the listing and the length
                }
            }
        }
        return sizes;
    }
}

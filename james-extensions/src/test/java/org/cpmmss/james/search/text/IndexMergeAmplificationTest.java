package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text index is committed every second while objects arrive, so it is a few large segments and a stream of tiny
 * ones. Merging must not rewrite the large ones with every few tiny ones: over 150 commits of 20 objects, the bytes
 * of every segment ever written stay within five times the final index (with Lucene's default 2 MB floor an index
 * below 20 MB was rewritten whole every ten commits: about nine times the final index here).
 */
class IndexMergeAmplificationTest {
    private static final MailboxId FOLDER = JPAId.of(7);
    private static final String[] WORDS = ("lighthouse tomorrow morning tickets coffee station platform harbour"
        + " seventeen umbrella orchestra violet marmalade quarantine bicycle kaleidoscope saxophone").split(" ");

    @TempDir
    java.nio.file.Path dir;

    private final Random random = new Random(42);
    private final ListedStoredTexts texts = new ListedStoredTexts();
    private FSDirectory directory;
    private LuceneTextIndex index;
    private long uid;

    @BeforeEach
    void open() throws Exception {
        directory = FSDirectory.open(dir.toFile());
        index = new LuceneTextIndex(directory, texts);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private void store(int messages) throws Exception {
        for (int i = 0; i < messages; i++) {
            uid++;
            StringBuilder body = new StringBuilder();
            for (int w = 0; w < 60; w++) {
                body.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10_000)).append(' ');
            }
            byte[] content = ("From: sip:alice@example.com\r\nTo: sip:bob@example.com\r\nSubject: chat " + uid
                + "\r\nMessage-ID: <" + uid + "." + random.nextLong() + "@example.com>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
            index.add(texts.remember(TextIndexFieldSizes.stored(FOLDER, uid, content)));
        }
    }

    /** Bytes of each segment present now (its files, compound or not; deletions files left out). */
    private Map<String, Long> segments() throws Exception {
        Map<String, Long> sizes = new HashMap<>();
        for (String name : directory.listAll()) {
            if (name.startsWith("_") && !name.endsWith(".del")) {
                String segment = name.substring(0, name.indexOf('.'));
                try {
                    sizes.merge(segment, directory.fileLength(name), Long::sum);
                } catch (java.io.IOException deletedMeanwhile) {
                    // a merge's input removed between the listing and the length
                }
            }
        }
        return sizes;
    }

    @Test
    void mergesRewriteEachObjectOnlyAFewTimes() throws Exception {
        Map<String, Long> written = new HashMap<>();
        for (int commit = 0; commit < 150; commit++) {
            store(20);
            index.commit();
            segments().forEach((segment, bytes) -> written.merge(segment, bytes, Math::max));
        }
        long everWritten = written.values().stream().mapToLong(Long::longValue).sum();
        long now = segments().values().stream().mapToLong(Long::longValue).sum();

        assertThat(now).isGreaterThan(1L << 20);
        assertThat(everWritten).isLessThan(5 * now);
        assertThat(index.uids(FOLDER, SearchQuery.headerContains("Subject", "chat"))).get()
            .satisfies(uids -> assertThat(uids).hasSize(3_000));
    }
}

package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

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
 * below 20 MB was rewritten whole every ten commits: more than five times the final index here; the load is
 * {@link IndexMergeAmplification}'s, which measures it).
 */
class IndexMergeAmplificationTest {
    private static final MailboxId FOLDER = JPAId.of(7);

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
            index.add(texts.remember(TextIndexFieldSizes.stored(FOLDER, uid,
                IndexMergeAmplification.chatObject(random, uid))));
        }
    }

    private Map<String, Long> segments() throws Exception {
        return IndexMergeAmplification.segments(directory);
    }

    @Test
    void mergesRewriteEachObjectOnlyAFewTimes() throws Exception {
        Map<String, Long> written = new HashMap<>();
        for (int commit = 0; commit < 150; commit++) {
            store(IndexMergeAmplification.PER_COMMIT);
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

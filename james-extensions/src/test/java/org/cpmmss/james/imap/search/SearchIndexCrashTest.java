package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.TotalHitCountCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.awaitility.Awaitility;
import org.cpmmss.james.search.text.TextIndexFields;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a forked server right after acknowledged APPENDs whose indexing was still pending (the background
 * indexer held back by {@code cpm.search.indexing-delay}): the committed index holds the messages indexed before
 * (and their folder's mark) but not the tail; after a restart the indexer indexes the tail above the mark on its own,
 * and SEARCH finds every acknowledged message, each once.
 */
class SearchIndexCrashTest {
    private static final String USER = "crash@example.com";
    private static final String PASSWORD = "pw";
    private static final int INDEXED = 3;
    private static final int TAIL = 5;

    @TempDir
    Path work;

    private static byte[] message(String word) {
        return ("From: pf@pf.test\r\nTo: " + USER + "\r\nSubject: drill " + word + "\r\n\r\nthe word is " + word + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    /** What the committed index on disk holds: message documents and the highest mark. */
    private record Committed(int documents, OptionalLong mark) {
    }

    private static Committed committed(Path indexDirectory) throws Exception {
        try (Directory directory = FSDirectory.open(indexDirectory.toFile())) {
            if (!IndexReader.indexExists(directory)) {
                return new Committed(0, OptionalLong.empty());
            }
            try (IndexReader reader = IndexReader.open(directory, true); IndexSearcher searcher = new IndexSearcher(reader)) {
                TotalHitCountCollector documents = new TotalHitCountCollector();
                searcher.search(new PrefixQuery(new Term(TextIndexFields.MAILBOX_ID, "")), documents);
                OptionalLong mark = OptionalLong.empty();
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    if (reader.isDeleted(doc)) {
                        continue;
                    }
                    Document stored = reader.document(doc);
                    if (stored.get(TextIndexFields.MARK_UID) != null) {
                        long uid = Long.parseLong(stored.get(TextIndexFields.MARK_UID));
                        mark = OptionalLong.of(Math.max(uid, mark.orElse(0)));
                    }
                }
                return new Committed(documents.getTotalHits(), mark);
            }
        }
    }

    @Test
    void appendsAcknowledgedBeforeAKillAreSearchableAfterRestart() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of("cpm.search.indexing-delay", "PT10M"))) {
            Path index = server.dataDirectory().resolve("lucene-text");
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                imap.expectOk("CREATE Drill");
                imap.expectOk("SELECT Drill");
                for (int i = 1; i <= INDEXED; i++) {
                    imap.commandWithLiteral("APPEND Drill ()", message("early" + i));
                }
                // the search catches the folder up; the next commit (every second) makes documents and mark durable
                assertThat(imap.expectOk("SEARCH BODY early")).contains("* SEARCH 1 2 3");
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> committed(index).documents() == INDEXED);
                for (int i = 1; i <= TAIL; i++) {
                    assertThat(ImapConnection.last(imap.commandWithLiteral("APPEND Drill ()", message("tail" + i))))
                        .matches("a\\d+ OK .*APPEND completed.*");
                }
                server.killForked();
            }
            Committed atKill = committed(index);
            assertThat(atKill.documents()).isEqualTo(INDEXED);
            assertThat(atKill.mark()).hasValue(INDEXED);

            server.setCpmProperties(Map.of("cpm.search.indexing-delay", "PT0.1S"));
            server.startForked();
            // no search yet: the indexer re-indexes the tail above the mark on its own at start
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> committed(index).equals(new Committed(INDEXED + TAIL, OptionalLong.of(INDEXED + TAIL))));
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                imap.expectOk("SELECT Drill");
                assertThat(imap.expectOk("SEARCH BODY tail")).contains("* SEARCH 4 5 6 7 8");
                assertThat(imap.expectOk("SEARCH SUBJECT drill")).contains("* SEARCH 1 2 3 4 5 6 7 8");
                for (int i = 1; i <= TAIL; i++) {
                    assertThat(imap.expectOk("SEARCH TEXT tail" + i)).contains("* SEARCH " + (INDEXED + i));
                }
            }
        }
    }
}

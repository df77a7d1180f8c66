package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TotalHitCountCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.awaitility.Awaitility;
import org.cpmmss.james.search.text.TextIndexAnalyzer;
import org.cpmmss.james.search.text.TextIndexFields;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same message stored for ten owners has its body text indexed once, on the booted server: the committed text
 * index holds one body document and ten copies; SEARCH BODY finds the copy of an owner after the nine others were
 * expunged; expunging the last copy removes the body document. An index written in the earlier layout (body text in
 * every copy's document, marks saying every folder is indexed) is indexed again at the next start, so SEARCH BODY
 * finds the messages.
 */
class SharedBodyIndexTest {
    private static final int OWNERS = 10;
    private static final String WORD = "lighthousekeeper";
    private static final byte[] MESSAGE = ("From: tel:+33600000001\r\nTo: sip:Conference-Factory@example.com\r\n"
        + "Subject: group\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nmeet the " + WORD + " at noon\r\n")
        .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;

    private static String owner(int k) {
        return "owner" + k + "@example.com";
    }

    /** Live documents of the committed index matching the query (the server keeps writing: retried by the caller). */
    private static int committed(Path index, Query query) throws Exception {
        try (Directory directory = FSDirectory.open(index.toFile());
             IndexReader reader = IndexReader.open(directory, true);
             IndexSearcher searcher = new IndexSearcher(reader)) {
            TotalHitCountCollector hits = new TotalHitCountCollector();
            searcher.search(query, hits);
            return hits.getTotalHits();
        }
    }

    private static Query bodiesWithTheWord() {
        return new TermQuery(new Term(TextIndexFields.WORDS, WORD));
    }

    private static Query copies() {
        return new PrefixQuery(new Term(TextIndexFields.MAILBOX_ID, ""));
    }

    private static void awaitCommitted(Path index, Query query, int expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .untilAsserted(() -> assertThat(committed(index, query)).isEqualTo(expected));
    }

    private void expunge(CpmMssTestServer server, int k) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner(k), "pw")) {
            imap.expectOk("SELECT INBOX");
            imap.expectOk("STORE 1:* +FLAGS.SILENT (\\Deleted)");
            imap.expectOk("EXPUNGE");
        }
    }

    private static String bodySearch(CpmMssTestServer server, int k) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner(k), "pw")) {
            imap.expectOk("SELECT INBOX");
            return imap.expectOk("SEARCH BODY \"housekeeper at\"").get(0);
        }
    }

    @Test
    void tenOwnersCopiesShareOneBodyDocumentFreedWithTheLastCopy() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work).start()) {
            Path index = server.dataDirectory().resolve("lucene-text");
            server.webAdmin().addDomain("example.com");
            for (int k = 0; k < OWNERS; k++) {
                server.webAdmin().addUser(owner(k), "pw");
                try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner(k), "pw")) {
                    imap.commandWithLiteral("APPEND INBOX ()", MESSAGE);
                }
            }
            for (int k = 0; k < OWNERS; k++) {
                assertThat(bodySearch(server, k)).isEqualTo("* SEARCH 1");
            }
            awaitCommitted(index, copies(), OWNERS);
            awaitCommitted(index, bodiesWithTheWord(), 1);

            for (int k = 0; k < OWNERS - 1; k++) {
                expunge(server, k);
            }
            assertThat(bodySearch(server, OWNERS - 1)).isEqualTo("* SEARCH 1");
            assertThat(bodySearch(server, 0)).isEqualTo("* SEARCH");
            awaitCommitted(index, copies(), 1);
            awaitCommitted(index, bodiesWithTheWord(), 1);

            expunge(server, OWNERS - 1);
            assertThat(bodySearch(server, OWNERS - 1)).isEqualTo("* SEARCH");
            awaitCommitted(index, copies(), 0);
            awaitCommitted(index, bodiesWithTheWord(), 0);
        }
    }

    @Test
    void anIndexInTheEarlierLayoutIsIndexedAgainAtStart() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work).start();
        try {
            Path index = server.dataDirectory().resolve("lucene-text");
            server.webAdmin().addDomain("example.com");
            for (int k = 0; k < 2; k++) {
                server.webAdmin().addUser(owner(k), "pw");
                try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner(k), "pw")) {
                    imap.commandWithLiteral("APPEND INBOX ()", MESSAGE);
                }
                assertThat(bodySearch(server, k)).isEqualTo("* SEARCH 1");
            }
            awaitCommitted(index, copies(), 2);
            server.stop();

            rewriteInTheEarlierLayout(index);
            assertThat(committed(index, copies())).isEqualTo(2);
            assertThat(committed(index, new PrefixQuery(new Term(TextIndexFields.BODY_KEY, "")))).isZero();

            server.start();
            for (int k = 0; k < 2; k++) {
                assertThat(bodySearch(server, k)).isEqualTo("* SEARCH 1");
            }
            awaitCommitted(index, bodiesWithTheWord(), 1);
        } finally {
            server.close();
        }
    }

    /**
     * The index as the earlier layout wrote it: per copy one document with its body text (no body documents, no
     * layout document), the folders' marks kept (every message counted as indexed).
     */
    private static void rewriteInTheEarlierLayout(Path index) throws Exception {
        List<String[]> copies = new ArrayList<>();
        List<String[]> marks = new ArrayList<>();
        try (Directory directory = FSDirectory.open(index.toFile()); IndexReader reader = IndexReader.open(directory, true)) {
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                if (reader.isDeleted(doc)) {
                    continue;
                }
                Document stored = reader.document(doc);
                if (stored.get(TextIndexFields.MAILBOX_ID) != null) {
                    copies.add(new String[] {stored.get(TextIndexFields.MAILBOX_ID), stored.get(TextIndexFields.UID)});
                } else if (stored.get(TextIndexFields.MARK_OF) != null) {
                    marks.add(new String[] {stored.get(TextIndexFields.MARK_OF), stored.get(TextIndexFields.MARK_UID)});
                }
            }
        }
        String text = new String(MESSAGE, StandardCharsets.UTF_8).split("\r\n\r\n", 2)[1];
        try (Directory directory = FSDirectory.open(index.toFile());
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(Version.LUCENE_36, new TextIndexAnalyzer()))) {
            writer.deleteAll();
            for (String[] copy : copies) {
                Document doc = new Document();
                doc.add(new Field(TextIndexFields.ID, copy[0] + "-" + copy[1], Field.Store.NO, Field.Index.NOT_ANALYZED_NO_NORMS));
                doc.add(new Field(TextIndexFields.MAILBOX_ID, copy[0], Field.Store.YES, Field.Index.NOT_ANALYZED_NO_NORMS));
                doc.add(new NumericField(TextIndexFields.UID, Field.Store.YES, true).setLongValue(Long.parseLong(copy[1])));
                doc.add(new Field(TextIndexFields.BODY, text, Field.Store.NO, Field.Index.ANALYZED_NO_NORMS));
                doc.add(new Field(TextIndexFields.WORDS, text, Field.Store.NO, Field.Index.ANALYZED_NO_NORMS));
                writer.addDocument(doc);
            }
            for (String[] mark : marks) {
                Document doc = new Document();
                doc.add(new Field(TextIndexFields.MARK_OF, mark[0], Field.Store.YES, Field.Index.NOT_ANALYZED_NO_NORMS));
                doc.add(new Field(TextIndexFields.MARK_UID, mark[1], Field.Store.YES, Field.Index.NO));
                writer.addDocument(doc);
            }
            writer.commit();
        }
    }
}

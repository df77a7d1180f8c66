package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Singleton;

import org.awaitility.Awaitility;
import org.cpmmss.james.store.api.AnnotationStore;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FolderStore;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.SubscriptionStore;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.testing.CommittedTextIndex;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * On the native store the search indexer indexes appended messages from the bytes the append path handed over,
 * without reading them back from the store: the store's content reads are counted (a {@link MailStorage} wrapper
 * bound over the real one) while five APPENDs are indexed in the background; a COPY, whose bytes are not handed
 * over, is indexed from the store, which the counter sees.
 */
class SearchIndexerBytesAtHandTest {
    private static final String USER = "bytes@example.com";
    private static final AtomicInteger CONTENT_READS = new AtomicInteger();

    @TempDir
    static Path work;
    static CpmMssTestServer server;

    /** The real storage, with its content reads counted. */
    private record CountingStorage(MailStorage delegate) implements MailStorage {
        @Override
        public FolderStore folders() {
            return delegate.folders();
        }

        @Override
        public MessageStore messages() {
            return delegate.messages();
        }

        @Override
        public ContentReader content() {
            ContentReader reader = delegate.content();
            return address -> {
                CONTENT_READS.incrementAndGet();
                return reader.read(address);
            };
        }

        @Override
        public AnnotationStore annotations() {
            return delegate.annotations();
        }

        @Override
        public SubscriptionStore subscriptions() {
            return delegate.subscriptions();
        }

        @Override
        public org.cpmmss.james.store.api.RecordedKeys recordedKeys() {
            return delegate.recordedKeys();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        server = CpmMssTestServer.withFreshData(work);
        Path selection = server.confDirectory().resolve("storage.properties");
        Files.writeString(selection, Files.readString(selection, StandardCharsets.UTF_8)
            .replaceAll("(?m)^storage\\.embedded\\.mailbox=.*$", "storage.embedded.mailbox=native"), StandardCharsets.UTF_8);
        server.withOverride(new AbstractModule() {
            @Provides
            @Singleton
            MailStorage countingStorage(EmbeddedStorage storage) {
                return new CountingStorage(storage);
            }
        }).start();
        server.webAdmin().addDomain("example.com");
        server.webAdmin().addUser(USER, "secret");
    }

    @AfterAll
    static void shutdown() throws Exception {
        server.close();
    }

    private static int committedDocuments() throws Exception {
        return CommittedTextIndex.messageDocuments(server.dataDirectory());
    }

    @Test
    void appendedMessagesAreIndexedWithoutReadingTheStoreAndCopiesFromIt() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "secret")) {
            imap.expectOk("CREATE Source");
            imap.expectOk("CREATE Target");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedDocuments() == 0);
            CONTENT_READS.set(0);
            for (int i = 1; i <= 5; i++) {
                imap.commandWithLiteral("APPEND Source ()", ("From: a@example.net\r\nSubject: handed over " + i
                    + "\r\n\r\npangolin number " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            // the background indexer (no search runs meanwhile) indexes and the commit makes them visible on disk
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedDocuments() == 5);
            assertThat(CONTENT_READS.get()).as("store reads while indexing appended messages").isZero();

            imap.expectOk("SELECT Source");
            imap.expectOk("COPY 1:2 Target");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedDocuments() == 7);
            assertThat(CONTENT_READS.get()).as("store reads while indexing copies").isPositive();

            assertThat(imap.expectOk("SEARCH BODY pangolin")).contains("* SEARCH 1 2 3 4 5");
            imap.expectOk("SELECT Target");
            assertThat(imap.expectOk("SEARCH SUBJECT \"handed over\"")).contains("* SEARCH 1 2");
        }
    }
}

package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.lucene.store.RAMDirectory;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.mailbox.NativeMailboxManager;
import org.cpmmss.james.store.mailbox.NativeMailboxManagerAssembly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer indexes a folder up to the highest UID announced to it (the append path announces a message once it is
 * forced, and hands its bytes over first), not whatever the store holds at that moment: a message stored but not
 * announced yet is left for its own announcement. A real store and a real Lucene index; the announcements are made
 * by hand, as {@link SearchIndexingListener} makes them.
 */
class IndexerReadsAnnouncedMessagesTest {
    @TempDir
    Path dir;

    private EmbeddedStorage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aMessageNotAnnouncedYetIsLeftForItsAnnouncement() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Files.createDirectories(dir.resolve("store"))),
            Clock.systemUTC());
        NativeMailboxManager manager = NativeMailboxManagerAssembly.create(storage);
        Username owner = Username.of("alice@example.com");
        MailboxSession session = manager.createSystemSession(owner);
        MailboxId folderId = manager.createMailbox(MailboxPath.inbox(owner), session).orElseThrow();
        MessageManager inbox = manager.getMailbox(folderId, session);
        MessageUid first = append(inbox, session, "hello first");
        MessageUid second = append(inbox, session, "hello second");

        SessionProvider sessions = ((StoreMailboxManager) manager).getSessionProvider();
        LuceneTextIndex index = new LuceneTextIndex(new RAMDirectory(), new MailboxStoredTexts(manager::getMapperFactory, sessions));
        SearchIndexer indexer = new SearchIndexer(index, manager.getMapperFactory(), sessions, new FreshContent(),
            new SearchIndexingSettings(Duration.ZERO));
        Mailbox folder = manager.getMapperFactory().getMailboxMapper(session).findMailboxById(folderId).block();

        indexer.added(folderId, owner, List.of(first));
        indexer.catchUp(folder);
        assertThat(indexer.mark(folderId)).as("indexed up to the announced UID").isEqualTo(first.asLong());
        assertThat(index.uids(folderId, SearchQuery.bodyContains("hello"))).contains(Set.of(first));

        indexer.added(folderId, owner, List.of(second));
        indexer.catchUp(folder);
        assertThat(indexer.mark(folderId)).isEqualTo(second.asLong());
        assertThat(index.uids(folderId, SearchQuery.bodyContains("hello"))).isEqualTo(Optional.of(Set.of(first, second)));
    }

    private static MessageUid append(MessageManager inbox, MailboxSession session, String body) throws Exception {
        return inbox.appendMessage(MessageManager.AppendCommand.builder()
            .build(("Subject: hi\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8)), session).getId().getUid();
    }
}

package org.cpmmss.james.search.indexing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.lucene.store.RAMDirectory;
import org.cpmmss.james.plumbing.ClientActivity;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.mailbox.NativeMailboxManager;
import org.cpmmss.james.store.mailbox.NativeMailboxManagerAssembly;

/** The indexer tests' world: an embedded store under {@code dir}, its mailbox manager, alice's INBOX, a Lucene index. */
final class IndexerFixture implements AutoCloseable {
    final EmbeddedStorage storage;
    final NativeMailboxManager manager;
    final Username owner = Username.of("alice@example.com");
    final MailboxSession session;
    final MailboxId folderId;
    final MessageManager inbox;
    /** The IMAP requests the indexers made here yield to. */
    final ClientActivity clients = new ClientActivity();
    private final java.util.List<SearchIndexer> indexers = new java.util.ArrayList<>();

    IndexerFixture(Path dir) throws IOException, MailboxException {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Files.createDirectories(dir.resolve("store"))),
            Clock.systemUTC());
        manager = NativeMailboxManagerAssembly.create(storage);
        session = manager.createSystemSession(owner);
        folderId = manager.createMailbox(MailboxPath.inbox(owner), session).orElseThrow();
        inbox = manager.getMailbox(folderId, session);
    }

    /** Appends a message whose body is {@code text}. */
    MessageUid append(String subject, String text) throws MailboxException {
        return inbox.appendMessage(MessageManager.AppendCommand.builder()
            .build(("Subject: " + subject + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8)), session)
            .getId().getUid();
    }

    SessionProvider sessions() {
        return ((StoreMailboxManager) manager).getSessionProvider();
    }

    /** A Lucene index in memory whose body candidates are checked against this store. */
    LuceneTextIndex newIndex() throws IOException {
        return new LuceneTextIndex(new RAMDirectory(), new MailboxStoredTexts(manager::getMapperFactory, sessions()));
    }

    /** An indexer over {@code index} and this store, batches gathered for {@code settings}' delay; stopped by close. */
    SearchIndexer indexer(org.cpmmss.james.search.text.TextIndex index, SearchIndexingSettings settings) {
        SearchIndexer indexer = new SearchIndexer(index, manager.getMapperFactory(), sessions(), new FreshContent(),
            clients, settings);
        indexers.add(indexer);
        return indexer;
    }

    Mailbox folder() {
        return manager.getMapperFactory().getMailboxMapper(session).findMailboxById(folderId).block();
    }

    /** Stops the indexers made here, then closes the store. */
    @Override
    public void close() {
        indexers.forEach(SearchIndexer::stop);
        storage.close();
    }
}

package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.cpmmss.james.search.text.HeaderFields;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.mailbox.NativeMailboxManager;
import org.cpmmss.james.store.mailbox.NativeMailboxManagerAssembly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body and header section texts a search checks its candidates against, read from the embedded store: exactly the
 * asked messages that are stored, with their texts as the indexer extracts them — in runs of UIDs, and across the whole span when the candidates
 * are scattered (more than 32 runs); an expunged message and a deleted folder have none.
 */
class MailboxStoredTextsTest {
    @TempDir
    Path dir;

    private EmbeddedStorage storage;
    private NativeMailboxManager manager;
    private MailboxSession session;
    private MessageManager folder;
    private MailboxStoredTexts texts;

    @BeforeEach
    void fill() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Files.createDirectories(dir.resolve("store"))),
            Clock.systemUTC());
        manager = NativeMailboxManagerAssembly.create(storage);
        Username owner = Username.of("alice@example.com");
        session = manager.createSystemSession(owner);
        MailboxId id = manager.createMailbox(MailboxPath.forUser(owner, "Chat"), session).orElseThrow();
        folder = manager.getMailbox(id, session);
        for (int i = 1; i <= 100; i++) {
            folder.appendMessage(MessageManager.AppendCommand.builder()
                .build(("Subject: n" + i + "\r\n\r\nbody number " + i + "\r\n").getBytes(StandardCharsets.UTF_8)), session);
        }
        texts = new MailboxStoredTexts(manager::getMapperFactory, ((StoreMailboxManager) manager).getSessionProvider());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Set<MessageUid> uids(int... values) {
        Set<MessageUid> uids = new HashSet<>();
        for (int value : values) {
            uids.add(MessageUid.of(value));
        }
        return uids;
    }

    @Test
    void runsOfCandidatesGetTheirOwnTexts() throws Exception {
        Map<MessageUid, String> entries = texts.bodies(folder.getId(), uids(3, 4, 5, 40, 99));
        assertThat(entries).containsOnlyKeys(uids(3, 4, 5, 40, 99));
        assertThat(entries.get(MessageUid.of(40))).isEqualTo("body number 40\r\n");
        Map<MessageUid, HeaderFields> sections = texts.headers(folder.getId(), uids(3, 4, 5, 40, 99));
        assertThat(sections).containsOnlyKeys(uids(3, 4, 5, 40, 99));
        assertThat(sections.get(MessageUid.of(40)).all().headerText()).isEqualTo("Subject: n40\n");
        assertThat(sections.get(MessageUid.of(40)).named("SUBJECT").valuesByName()).containsExactly(Map.entry("subject", "n40"));
        assertThat(sections.get(MessageUid.of(40)).all().body()).isEmpty();
    }

    @Test
    void scatteredCandidatesAreReadAcrossTheSpanAndOnlyTheyAreGiven() throws Exception {
        Set<MessageUid> odd = new HashSet<>();
        for (int i = 1; i <= 99; i += 2) {
            odd.add(MessageUid.of(i));
        }
        assertThat(MailboxStoredTexts.ranges(odd)).hasSize(1);
        Map<MessageUid, String> entries = texts.bodies(folder.getId(), odd);
        assertThat(entries).containsOnlyKeys(odd);
        assertThat(entries.get(MessageUid.of(77))).isEqualTo("body number 77\r\n");
    }

    @Test
    void expungedMessagesAndDeletedFoldersHaveNoText() throws Exception {
        folder.setFlags(new javax.mail.Flags(javax.mail.Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD,
            org.apache.james.mailbox.model.MessageRange.one(MessageUid.of(5)), session);
        folder.expunge(org.apache.james.mailbox.model.MessageRange.one(MessageUid.of(5)), session);
        assertThat(texts.bodies(folder.getId(), uids(4, 5, 6))).containsOnlyKeys(uids(4, 6));
        assertThat(texts.headers(folder.getId(), uids(4, 5, 6))).containsOnlyKeys(uids(4, 6));
        manager.deleteMailbox(folder.getId(), session);
        assertThat(texts.bodies(folder.getId(), uids(4, 6))).isEmpty();
        assertThat(texts.headers(folder.getId(), uids(4, 6))).isEmpty();
    }
}

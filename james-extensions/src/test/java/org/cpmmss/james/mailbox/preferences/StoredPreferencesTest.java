package org.cpmmss.james.mailbox.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.preferences.CpmPreference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The preferences read straight from the embedded store and kept per account: every change of the INBOX's entries,
 * and every rename or deletion of a folder, is seen by the next read (the kept entries are dropped when the store's
 * entries generation moves); appends and new folders do not move it.
 */
class StoredPreferencesTest {
    private static final String OWNER = "alice@example.com";
    private static final String RECORDING = CpmPreference.RECORDING.storedKey();
    private Path dir;
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() throws Exception {
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private MailboxUserPreferences preferences() throws Exception {
        dir = Files.createTempDirectory("stored-preferences");
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        MailboxUserPreferences preferences = new MailboxUserPreferences(null, CpmPolicy.defaults());
        preferences.readFrom(storage);
        return preferences;
    }

    private static FolderName name(String name) {
        return new FolderName("#private", OWNER, name);
    }

    @Test
    void everyChangeOfTheInboxEntriesIsSeenByTheNextRead() throws Exception {
        MailboxUserPreferences preferences = preferences();
        assertThat(preferences.read(OWNER).recordingOn()).isTrue(); // no INBOX: the default
        Folder inbox = storage.folders().create(name("INBOX"), 1);
        assertThat(preferences.read(OWNER).recordingOn()).isTrue(); // a new INBOX has no entries

        long generation = storage.entriesGeneration().getAsLong();
        storage.annotations().put(inbox.id(), RECORDING, "off");
        assertThat(storage.entriesGeneration().getAsLong()).isGreaterThan(generation);
        assertThat(preferences.read(OWNER).recordingOn()).isFalse();
        assertThat(preferences.read(OWNER).recordingOn()).isFalse();

        storage.annotations().put(inbox.id(), RECORDING, "on");
        assertThat(preferences.read(OWNER).recordingOn()).isTrue();
        storage.annotations().put(inbox.id(), RECORDING.toUpperCase(), "off"); // entry names are case-insensitive
        assertThat(preferences.read(OWNER).recordingOn()).isFalse();
        storage.annotations().remove(inbox.id(), RECORDING);
        assertThat(preferences.read(OWNER).recordingOn()).isTrue();
    }

    @Test
    void aRenameOrADeletionOfTheInboxIsSeenByTheNextRead() throws Exception {
        MailboxUserPreferences preferences = preferences();
        Folder inbox = storage.folders().create(name("INBOX"), 1);
        storage.annotations().put(inbox.id(), RECORDING, "off");
        assertThat(preferences.read(OWNER).recordingOn()).isFalse();

        storage.folders().rename(inbox.id(), name("Old"));
        assertThat(preferences.read(OWNER).recordingOn()).isTrue(); // no INBOX any more
        Folder second = storage.folders().create(name("INBOX"), 2);
        storage.annotations().put(second.id(), RECORDING, "off");
        assertThat(preferences.read(OWNER).recordingOn()).isFalse();
        storage.folders().rename(inbox.id(), name("INBOX-not"));
        storage.folders().delete(second.id());
        assertThat(preferences.read(OWNER).recordingOn()).isTrue();
        storage.folders().rename(inbox.id(), name("INBOX")); // the first INBOX back, with its entry
        assertThat(preferences.read(OWNER).recordingOn()).isFalse();
    }

    @Test
    void newFoldersDoNotMoveTheGeneration() throws Exception {
        preferences();
        long generation = storage.entriesGeneration().getAsLong();
        storage.folders().create(name("Default/tel:+33600000001"), 1);
        storage.folders().create(name("INBOX"), 1);
        assertThat(storage.entriesGeneration().getAsLong()).isEqualTo(generation);
    }
}

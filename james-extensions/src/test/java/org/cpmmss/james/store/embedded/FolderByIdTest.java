package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A folder looked up by id (what every command on a selected folder does, served from memory after the first
 * lookup) shows a rename and a deletion as soon as they return, and the same after a restart.
 */
class FolderByIdTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    @Test
    void lookupByIdFollowsRenameAndDeletion() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        FolderName old = new FolderName("#private", "+33600000001@cpm", "Default/a");
        FolderName renamed = new FolderName("#private", "+33600000001@cpm", "Default/b");
        Folder folder = storage.folders().create(old, 7);
        Folder other = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 8);
        assertThat(storage.folders().find(folder.id())).contains(folder);
        assertThat(storage.folders().find(folder.id())).contains(folder);

        storage.folders().rename(folder.id(), renamed);
        assertThat(storage.folders().find(folder.id())).contains(new Folder(folder.id(), renamed, 7));
        assertThat(storage.folders().find(other.id())).contains(other);

        storage.folders().delete(folder.id());
        assertThat(storage.folders().find(folder.id())).isEmpty();
        assertThat(storage.folders().find(renamed)).isEmpty();

        storage.close();
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        assertThat(storage.folders().find(folder.id())).isEmpty();
        assertThat(storage.folders().find(other.id())).contains(other);
    }
}

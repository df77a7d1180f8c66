package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A folder looked up by name (what every APPEND does, served from memory after the first lookup) shows a rename,
 * a deletion and a creation under a name that named nothing as soon as they return, whichever lookup (by id or by
 * name) filled the cache first.
 */
class FolderByNameTest {
    private static final String OWNER = "+33600000001@cpm";
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    private static FolderName name(String name) {
        return new FolderName("#private", OWNER, name);
    }

    @Test
    void lookupByNameFollowsRenameDeletionAndCreation() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(name("Default/a"), 7);
        assertThat(storage.folders().find(name("Default/a"))).contains(folder);
        assertThat(storage.folders().find(name("Default/a"))).contains(folder);
        assertThat(storage.folders().find(name("Default/b"))).isEmpty();

        storage.folders().rename(folder.id(), name("Default/b"));
        assertThat(storage.folders().find(name("Default/a"))).isEmpty();
        assertThat(storage.folders().find(name("Default/b"))).contains(new Folder(folder.id(), name("Default/b"), 7));

        // a new folder under the old name: found at once, with its own id and UIDVALIDITY
        Folder again = storage.folders().create(name("Default/a"), 9);
        assertThat(storage.folders().find(name("Default/a"))).contains(again);
        assertThat(again.id()).isNotEqualTo(folder.id());

        storage.folders().delete(folder.id());
        assertThat(storage.folders().find(name("Default/b"))).isEmpty();
        assertThat(storage.folders().find(name("Default/a"))).contains(again);
    }

    @Test
    void aFolderFirstLookedUpByIdIsForgottenByNameToo() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(name("Default/c"), 7);
        assertThat(storage.folders().find(folder.id())).contains(folder);
        assertThat(storage.folders().find(name("Default/c"))).contains(folder);

        storage.folders().delete(folder.id());
        assertThat(storage.folders().find(name("Default/c"))).isEmpty();
        assertThat(storage.folders().find(folder.id())).isEmpty();
    }
}

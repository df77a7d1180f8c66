package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.testing.FullDiskFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write whose force of the metadata file failed (the segment file forced fine: a write-back error on one file) is
 * answered with a failure, so nothing of it may be found later: not after the database is opened again in the same
 * process, not after a restart. The chunk holding it was written to the file before the force failed; the
 * database must not be opened again on that chunk.
 */
class MetadataForceFailureTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeOnFullDisk(storage, dir);
    }

    private EmbeddedStorage open() {
        return StoreTestSupport.openOnFullDisk(dir, UnaryOperator.identity());
    }

    @Test
    void aWriteWhoseMetadataForceFailedIsNotFoundAfterTheDatabaseIsOpenedAgain() throws Exception {
        storage = open();
        long folder = storage.folders().create(new FolderName("#private", "alice@cpm", "INBOX"), 1).id();
        storage.messages().append(folder, StoreTestSupport.chat(1));

        FullDiskFileSystem.failForcesOf("meta.mv.db");
        assertThatThrownBy(() -> storage.messages().append(folder, StoreTestSupport.chat(2)))
            .isInstanceOf(StoreException.class);
        FullDiskFileSystem.free();

        storage.messages().append(folder, StoreTestSupport.chat(3));
        assertThat(bodies(folder)).as("in the same process").containsExactly("hello 1\r\n", "hello 3\r\n");

        storage.close();
        storage = open();
        assertThat(bodies(folder)).as("after a restart").containsExactly("hello 1\r\n", "hello 3\r\n");
    }

    private List<String> bodies(long folder) {
        return StoreTestSupport.bodies(storage, folder);
    }
}

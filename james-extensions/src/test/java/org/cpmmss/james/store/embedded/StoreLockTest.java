package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import org.cpmmss.james.plumbing.DirectoryLock;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One store per directory: a second opening of a store in use — a second server started on a running one's data
 * directory — fails with a clear error before it reads or repairs anything; in particular it leaves alone the live
 * segment's tail, where the running store may be writing a record it has not forced yet.
 */
class StoreLockTest {
    private final Path dir = StoreTestSupport.tempDir();

    @AfterEach
    void tearDown() {
        StoreTestSupport.delete(dir);
    }

    @Test
    void aSecondOpeningOfAStoreInUseFailsAndLeavesTheLiveSegmentAlone() throws IOException {
        EmbeddedStorage running = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = running.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        running.messages().append(folder.id(), StoreTestSupport.chat(1));
        // the running store's next record, written in part so far
        Path live = StoreTestSupport.segmentFile(dir, 1);
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
        }
        long size = Files.size(live);

        assertThatThrownBy(() -> EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC()))
            .isInstanceOf(DirectoryLock.DirectoryInUseException.class).hasMessageContaining("already in use");

        assertThat(Files.size(live)).as("the live segment's tail is left as it is").isEqualTo(size);
        assertThat(running.messages().listContent(folder.id(), UidRange.ALL)).hasSize(1);
        running.close();

        // once the running store closed, the directory opens (and the torn tail is repaired then)
        EmbeddedStorage next = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        try {
            assertThat(next.messages().listContent(folder.id(), UidRange.ALL)).hasSize(1);
            assertThat(Files.size(live)).isLessThan(size);
        } finally {
            next.close();
        }
    }
}

package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.cpmmss.james.plumbing.Syncable;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.testing.FullDiskFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Appends made with one {@link SharedForce} (an object's copies for its owners): each commits without a force of its
 * own, one force pair at {@link SharedForce#complete()} covers them all, and what each does once durable waits for
 * it; when that force fails, none of them is kept, in the same process or after a restart.
 */
class SharedForceTest {
    private final Path dir = StoreTestSupport.tempDir();
    private final List<String> forces = new CopyOnWriteArrayList<>();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeOnFullDisk(storage, dir);
    }

    private EmbeddedStorage open() {
        UnaryOperator<Syncable> probe = target -> () -> {
            forces.add(target instanceof SegmentLog ? "segment" : "database");
            target.sync();
        };
        return StoreTestSupport.openOnFullDisk(dir, probe);
    }

    private long folder(String owner) {
        return storage.folders().create(new FolderName("#private", owner, "INBOX"), 1).id();
    }

    @Test
    void theOwnersCopiesAreForcedOnceAtCompletion() {
        storage = open();
        long alice = folder("alice@cpm");
        long bob = folder("bob@cpm");
        forces.clear();

        SharedForce force = storage.shareForce();
        List<Boolean> settled = new ArrayList<>();
        StoredMessage first = storage.messages().append(alice, StoreTestSupport.chat(1), null, force);
        force.whenSettled(settled::add);
        StoredMessage second = storage.messages().append(bob, StoreTestSupport.chat(1), null, force);
        force.whenSettled(settled::add);
        assertThat(forces).as("no force before completion").isEmpty();
        assertThat(settled).isEmpty();

        force.complete();

        // the segment force runs alongside the database's chunk write (SegmentForceAlongsideChunk): either is entered
        // first; the file force waits for the segment's (SegmentForceAlongsideChunkTest)
        assertThat(forces).as("one force pair for both copies").containsExactlyInAnyOrder("segment", "database");
        assertThat(settled).containsExactly(true, true);
        assertThat(first.uid()).isEqualTo(1);
        assertThat(second.uid()).isEqualTo(1);
        storage.close();
        storage = open();
        assertThat(bodies(alice)).containsExactly("hello 1\r\n");
        assertThat(bodies(bob)).containsExactly("hello 1\r\n");
    }

    @Test
    void whenTheSharedForceFailsNoCopyIsKept() {
        storage = open();
        long alice = folder("alice@cpm");
        long bob = folder("bob@cpm");
        storage.messages().append(alice, StoreTestSupport.chat(1));

        SharedForce force = storage.shareForce();
        List<Boolean> settled = new ArrayList<>();
        storage.messages().append(alice, StoreTestSupport.chat(2), null, force);
        force.whenSettled(settled::add);
        storage.messages().append(bob, StoreTestSupport.chat(2), null, force);
        force.whenSettled(settled::add);
        FullDiskFileSystem.failForcesOf("meta.mv.db");
        assertThatThrownBy(force::complete).isInstanceOf(StoreException.class);
        FullDiskFileSystem.free();
        assertThat(settled).containsExactly(false, false);

        storage.messages().append(bob, StoreTestSupport.chat(3));
        assertThat(bodies(alice)).as("in the same process").containsExactly("hello 1\r\n");
        assertThat(bodies(bob)).containsExactly("hello 3\r\n");
        storage.close();
        storage = open();
        assertThat(bodies(alice)).as("after a restart").containsExactly("hello 1\r\n");
        assertThat(bodies(bob)).containsExactly("hello 3\r\n");
    }

    @Test
    void aForceCompletesOnceAndTakesNoWriteAfterwards() {
        storage = open();
        long alice = folder("alice@cpm");
        SharedForce force = storage.shareForce();
        storage.messages().append(alice, StoreTestSupport.chat(1), null, force);
        force.complete();

        assertThatThrownBy(force::complete).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.messages().append(alice, StoreTestSupport.chat(2), null, force))
            .isInstanceOf(IllegalStateException.class);
    }

    private List<String> bodies(long folder) {
        return StoreTestSupport.bodies(storage, folder);
    }
}

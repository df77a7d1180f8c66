package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageNotFoundException;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The messages of one COPY in one transaction ({@code MessageStore.copy(source, uids, target, flags, force)}): the
 * same UIDs, MODSEQs, flags and shared bytes as copies one by one, in the order given, one write (one group-commit
 * ticket) where one by one made one each; a message missing fails the whole copy and keeps nothing.
 */
class CopyAtOnceStoreTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private Folder folder(String name) {
        return storage.folders().create(new FolderName("#private", "+33600000001@cpm", name), 1);
    }

    @Test
    void copiesAtOnceAsOneByOneInOneWrite() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        Folder source = folder("Default/tel:+33600000009");
        Folder oneByOne = folder("One");
        Folder atOnce = folder("Once");
        for (int i = 1; i <= 30; i++) {
            storage.messages().append(source.id(), StoreTestSupport.chat(i));
        }
        long[] uids = {29, 3, 17, 4, 5, 11};
        List<FlagState> flags = new ArrayList<>();
        for (int i = 0; i < uids.length; i++) {
            flags.add(i % 2 == 0 ? FlagState.NONE.with(FlagState.RECENT) : FlagState.NONE.with(FlagState.SEEN));
        }
        List<StoredMessage> expected = new ArrayList<>();
        for (int i = 0; i < uids.length; i++) {
            expected.add(storage.messages().copy(source.id(), uids[i], oneByOne.id(), flags.get(i)));
        }

        long before = storage.groupCommit().lastTicket();
        List<StoredMessage> copied = storage.messages().copy(source.id(), uids, atOnce.id(), flags,
            SharedForce.IMMEDIATE);
        assertThat(storage.groupCommit().lastTicket() - before).as("writes").isEqualTo(1);

        assertThat(copied).hasSize(uids.length);
        for (int i = 0; i < uids.length; i++) {
            StoredMessage one = expected.get(i);
            StoredMessage once = copied.get(i);
            assertThat(once.folderId()).isEqualTo(atOnce.id());
            assertThat(once.uid()).isEqualTo(one.uid());
            assertThat(once.modSeq()).isEqualTo(one.modSeq());
            assertThat(once.flags()).isEqualTo(one.flags());
            assertThat(once.messageId()).isEqualTo(one.messageId());
            assertThat(once.internalDate()).isEqualTo(one.internalDate());
            assertThat(once.body().blobId()).isEqualTo(one.body().blobId());
            assertThat(storage.references(once.header().blobId())).isEqualTo(3);
        }
        assertThat(storage.messages().list(atOnce.id(), UidRange.ALL, 0)).extracting(StoredMessage::uid)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(storage.folders().highWater(atOnce.id()).highestModSeq())
            .isEqualTo(storage.folders().highWater(oneByOne.id()).highestModSeq());
        assertThat(storage.folders().highWater(atOnce.id()).lastUid()).isEqualTo(6);
    }

    @Test
    void aMissingMessageFailsTheWholeCopy() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        Folder source = folder("Default/tel:+33600000009");
        Folder target = folder("Kept");
        List<StoredMessage> originals = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            originals.add(storage.messages().append(source.id(), StoreTestSupport.chat(i)));
        }
        storage.messages().expunge(source.id(), List.of(3L));

        assertThatThrownBy(() -> storage.messages().copy(source.id(), new long[] {1, 2, 3, 4}, target.id(),
            Collections.nCopies(4, FlagState.NONE), SharedForce.IMMEDIATE))
            .isInstanceOf(MessageNotFoundException.class);

        assertThat(storage.messages().list(target.id(), UidRange.ALL, 0)).isEmpty();
        assertThat(storage.folders().highWater(target.id()).lastUid()).isZero();
        assertThat(storage.references(originals.get(0).body().blobId())).isEqualTo(1);
    }
    /**
     * Messages sharing a blob (the same body stored once) copied in one COPY: the blob gains one reference per copy,
     * and is freed only with the last message referencing it.
     */
    @Test
    void messagesSharingABlobAddOneReferenceEach() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        Folder source = folder("Default/tel:+33600000009");
        Folder target = folder("Kept");
        List<StoredMessage> originals = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            originals.add(storage.messages().append(source.id(), StoreTestSupport.message("Subject: s" + i + "\r\n\r\n",
                "shared body")));
        }
        long shared = originals.get(0).body().blobId();
        assertThat(originals).allSatisfy(m -> assertThat(m.body().blobId()).isEqualTo(shared));
        assertThat(storage.references(shared)).isEqualTo(3);

        List<StoredMessage> copied = storage.messages().copy(source.id(), new long[] {3, 1}, target.id(),
            Collections.nCopies(2, FlagState.NONE), SharedForce.IMMEDIATE);

        assertThat(copied).extracting(m -> m.header().blobId())
            .containsExactly(originals.get(2).header().blobId(), originals.get(0).header().blobId());
        assertThat(storage.references(shared)).isEqualTo(5);
        assertThat(storage.references(originals.get(0).header().blobId())).isEqualTo(2);
        assertThat(storage.references(originals.get(1).header().blobId())).isEqualTo(1);
        storage.messages().expunge(source.id(), List.of(1L, 2L, 3L));
        assertThat(storage.references(shared)).isEqualTo(2);
        storage.messages().expunge(target.id(), List.of(1L, 2L));
        assertThat(storage.references(shared)).isZero();
    }
}

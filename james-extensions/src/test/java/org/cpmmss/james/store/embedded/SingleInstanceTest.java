package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-instance bytes: an object stored for several owners is written once and counted; the last expunge frees it,
 * and a sealed segment left without live bytes is deleted.
 */
class SingleInstanceTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    private Folder folderOf(String owner) {
        return storage.folders().create(new FolderName("#private", owner, "Default/tel:+33600000009"), 1);
    }

    @Test
    void anObjectForTenOwnersIsWrittenOnceAndFreedWithItsLastReference() throws Exception {
        storage = EmbeddedStorage.open(new EmbeddedStorage.Settings(dir, 64 * 1024, 4, 2000).withoutMaintenance(),
            Clock.systemUTC());
        String body = "x".repeat(8 * 1024);
        List<StoredMessage> copies = new java.util.ArrayList<>();
        for (int owner = 0; owner < 10; owner++) {
            copies.add(storage.messages().append(folderOf("+3360000000" + owner + "@cpm").id(),
                StoreTestSupport.message("Subject: group\r\n\r\n", body)));
        }
        long bodyBlob = copies.get(0).body().blobId();
        assertThat(copies).allSatisfy(m -> assertThat(m.body().blobId()).isEqualTo(bodyBlob));
        assertThat(storage.references(bodyBlob)).isEqualTo(10);
        long segmentBytes = Files.size(StoreTestSupport.segmentFile(dir, 1));
        assertThat(segmentBytes).isLessThan(2L * body.length());

        for (int i = 0; i < 9; i++) {
            StoredMessage m = copies.get(i);
            storage.messages().expunge(m.folderId(), List.of(m.uid()));
        }
        assertThat(storage.references(bodyBlob)).isEqualTo(1);
        StoredMessage last = copies.get(9);
        assertThat(new String(storage.content().read(last.body()), StandardCharsets.US_ASCII)).isEqualTo(body);

        storage.messages().expunge(last.folderId(), List.of(last.uid()));
        assertThat(storage.references(bodyBlob)).isZero();
    }

    @Test
    void aCopySharesTheBytesAndKeepsThemAliveAfterTheOriginalIsExpunged() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder a = folderOf("+33600000001@cpm");
        Folder b = folderOf("+33600000002@cpm");
        StoredMessage original = storage.messages().append(a.id(), StoreTestSupport.chat(1));
        StoredMessage copy = storage.messages().copy(a.id(), original.uid(), b.id(), FlagState.NONE);

        assertThat(copy.body().blobId()).isEqualTo(original.body().blobId());
        assertThat(storage.references(original.header().blobId())).isEqualTo(2);

        storage.messages().expunge(a.id(), List.of(original.uid()));

        StoredMessage kept = storage.messages().list(b.id(), UidRange.ALL, 0).get(0);
        assertThat(new String(storage.content().read(kept.header()), StandardCharsets.US_ASCII))
            .contains("IMDN-Message-ID: m1");
        assertThat(storage.references(original.header().blobId())).isEqualTo(1);
    }

    @Test
    void aSealedSegmentIsDeletedWhenItsLastBlobIsFreed() {
        storage = EmbeddedStorage.open(new EmbeddedStorage.Settings(dir, 4 * 1024, 4, 2000).withoutMaintenance(),
            Clock.systemUTC());
        Folder inbox = folderOf("+33600000001@cpm");
        StoredMessage first = storage.messages().append(inbox.id(),
            StoreTestSupport.message("Subject: one\r\n\r\n", "a".repeat(3000)));
        StoredMessage second = storage.messages().append(inbox.id(),
            StoreTestSupport.message("Subject: two\r\nX-Pad: " + "p".repeat(2000) + "\r\n\r\n", "b".repeat(3000)));
        assertThat(first.body().segment()).isLessThan(second.header().segment());
        long sealed = first.body().segment();
        assertThat(storage.segmentFiles()).contains(sealed);

        storage.messages().expunge(inbox.id(), List.of(first.uid()));

        assertThat(storage.segmentFiles()).doesNotContain(sealed);
        assertThat(Files.exists(StoreTestSupport.segmentFile(dir, sealed))).isFalse();
        StoredMessage left = storage.messages().list(inbox.id(), UidRange.ALL, 0).get(0);
        assertThat(new String(storage.content().read(left.body()), StandardCharsets.US_ASCII))
            .isEqualTo("b".repeat(3000));
    }

    @Test
    void bytesWhoseBlobWasFreedAreWrittenAgainNotReferenced() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        Folder inbox = folderOf("+33600000001@cpm");
        StoredMessage first = storage.messages().append(inbox.id(), StoreTestSupport.message("Subject: again\r\n\r\n", "the same body"));
        storage.messages().expunge(inbox.id(), List.of(first.uid()));
        assertThat(storage.references(first.body().blobId())).isZero();

        StoredMessage second = storage.messages().append(inbox.id(), StoreTestSupport.message("Subject: again\r\n\r\n", "the same body"));

        assertThat(second.body().blobId()).isNotEqualTo(first.body().blobId());
        assertThat(storage.references(second.body().blobId())).isEqualTo(1);
        assertThat(new String(storage.content().read(second.body()), StandardCharsets.US_ASCII))
            .isEqualTo("the same body");
    }

    @Test
    void anObjectAppendedAgainBesideOtherTrafficIsStillReferencedOnce() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        Folder a = folderOf("+33600000001@cpm");
        Folder b = folderOf("+33600000002@cpm");
        StoredMessage forA = storage.messages().append(a.id(), StoreTestSupport.message("Subject: s\r\n\r\n",
            "shared body"));
        for (int i = 0; i < 100; i++) {
            storage.messages().append(a.id(), StoreTestSupport.chat(1000 + i));
        }
        StoredMessage forB = storage.messages().append(b.id(), StoreTestSupport.message("Subject: s\r\n\r\n",
            "shared body"));

        assertThat(forB.body().blobId()).isEqualTo(forA.body().blobId());
        assertThat(storage.references(forA.body().blobId())).isEqualTo(2);
    }
}

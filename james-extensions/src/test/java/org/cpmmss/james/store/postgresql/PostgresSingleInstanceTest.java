package org.cpmmss.james.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-instance bytes on PostgreSQL: an object stored for several owners is one content row, written once and
 * counted by each owner's message (also when two nodes store it at the same moment); the last expunge frees it.
 */
class PostgresSingleInstanceTest {
    private final PgStoreNodes nodes = new PgStoreNodes("single_instance");

    @AfterEach
    void close() {
        nodes.close();
    }

    private static Folder folderOf(PostgresqlStorage storage, String owner) {
        return storage.folders().create(new FolderName("#private", owner, "Default/tel:+33600000009"), 1);
    }

    @Test
    void anObjectForTenOwnersIsWrittenOnceAndFreedWithItsLastReference() {
        PostgresqlStorage storage = nodes.node(4);
        String body = "x".repeat(8 * 1024);
        List<StoredMessage> copies = new ArrayList<>();
        for (int owner = 0; owner < 10; owner++) {
            copies.add(storage.messages().append(folderOf(storage, "+3360000000" + owner + "@cpm").id(),
                PgStoreNodes.message("Subject: group\r\n\r\n", body)));
        }
        long bodyContent = copies.get(0).body().blobId();
        assertThat(copies).allSatisfy(m -> assertThat(m.body().blobId()).isEqualTo(bodyContent));
        assertThat(storage.references(bodyContent)).isEqualTo(10);
        assertThat(storage.contents()).isEqualTo(2); // the header and the body, once each

        for (int i = 0; i < 9; i++) {
            StoredMessage m = copies.get(i);
            storage.messages().expunge(m.folderId(), List.of(m.uid()));
        }
        assertThat(storage.references(bodyContent)).isEqualTo(1);
        StoredMessage last = copies.get(9);
        assertThat(new String(storage.content().read(last.body()), StandardCharsets.US_ASCII)).isEqualTo(body);

        storage.messages().expunge(last.folderId(), List.of(last.uid()));
        assertThat(storage.references(bodyContent)).isZero();
        assertThat(storage.contents()).isZero();
        assertThatThrownBy(() -> storage.content().read(last.body())).isInstanceOf(StoreException.class);
    }

    @Test
    void twoNodesStoringTheSameObjectAtOnceWriteItOnce() {
        PostgresqlStorage nodeA = nodes.node(4);
        PostgresqlStorage nodeB = nodes.node(4);
        Folder a = folderOf(nodeA, "+33600000001@cpm");
        Folder b = folderOf(nodeB, "+33600000002@cpm");
        for (int round = 0; round < 20; round++) {
            String body = "group message " + round + " " + "y".repeat(3000);
            CompletableFuture<StoredMessage> onA = CompletableFuture.supplyAsync(() -> nodeA.messages().append(a.id(),
                PgStoreNodes.message("Message-Direction: received\r\n\r\n", body)));
            CompletableFuture<StoredMessage> onB = CompletableFuture.supplyAsync(() -> nodeB.messages().append(b.id(),
                PgStoreNodes.message("Message-Direction: sent\r\n\r\n", body)));
            StoredMessage forA = onA.join();
            StoredMessage forB = onB.join();
            assertThat(forA.body().blobId()).isEqualTo(forB.body().blobId());
            assertThat(nodeA.references(forA.body().blobId())).isEqualTo(2);
            assertThat(new String(nodeB.content().read(forA.body()), StandardCharsets.US_ASCII)).isEqualTo(body);
        }
        // two per-owner headers + one body per round
        assertThat(nodeA.contents()).isEqualTo(2 + 20);
    }

    @Test
    void aCopySharesTheBytesAndKeepsThemAliveAfterTheOriginalIsExpunged() {
        PostgresqlStorage storage = nodes.node(4);
        Folder a = folderOf(storage, "+33600000001@cpm");
        Folder b = folderOf(storage, "+33600000002@cpm");
        StoredMessage original = storage.messages().append(a.id(), PgStoreNodes.chat("tel:+33600000001", 1));
        StoredMessage copy = storage.messages().copy(a.id(), original.uid(), b.id(), FlagState.NONE);

        assertThat(copy.body().blobId()).isEqualTo(original.body().blobId());
        assertThat(storage.references(original.header().blobId())).isEqualTo(2);

        storage.messages().expunge(a.id(), List.of(original.uid()));

        StoredMessage kept = storage.messages().list(b.id(), UidRange.ALL, 0).get(0);
        assertThat(new String(storage.content().read(kept.header()), StandardCharsets.US_ASCII))
            .contains("IMDN-Message-ID: tel:+33600000001-1");
        assertThat(storage.references(original.header().blobId())).isEqualTo(1);

        storage.folders().delete(b.id());
        assertThat(storage.references(original.header().blobId())).isZero();
        assertThat(storage.contents()).isZero();
    }
}

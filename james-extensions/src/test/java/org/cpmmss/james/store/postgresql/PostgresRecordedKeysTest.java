package org.cpmmss.james.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.KeyAlreadyRecordedException;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 27 on PostgreSQL: the key handed to an append is written in the message's transaction. Two nodes storing one
 * object at once: one commits message and key, the other's whole transaction is rolled back — no second message, no
 * UID consumed — and it is told so ({@link KeyAlreadyRecordedException}).
 */
class PostgresRecordedKeysTest {
    private static final String OWNER = "+33600000001@cpm";
    private static final FolderName FOLDER = new FolderName("#private", OWNER, "Default/tel:+33600000002");

    private final PgStoreNodes nodes = new PgStoreNodes("recorded_keys");

    @AfterEach
    void close() {
        nodes.close();
    }

    private static RecordedKey key(String key, boolean replaces) {
        return new RecordedKey(OWNER, key, FOLDER.name(), 42, replaces);
    }

    @Test
    void theKeyCommitsWithItsMessageAndASecondNodeStoringTheSameObjectStoresNothing() throws Exception {
        PostgresqlStorage nodeA = nodes.node(4);
        PostgresqlStorage nodeB = nodes.node(4);
        Folder folder = nodeA.folders().create(FOLDER, 42);

        StoredMessage first = nodeA.messages().append(folder.id(), PgStoreNodes.chat("a", 1), key("imdn:a-1", false));
        assertThat(nodeB.recordedKeys().find(OWNER.toUpperCase(), "imdn:a-1"))
            .contains(new RecordedKeys.Entry(FOLDER.name(), 42, first.uid()));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StoredMessage>> both = new ArrayList<>();
        for (PostgresqlStorage node : List.of(nodeA, nodeB)) {
            both.add(pool.submit(() -> {
                start.await();
                return node.messages().append(folder.id(), PgStoreNodes.chat("b", 1), key("imdn:b-1", false));
            }));
        }
        start.countDown();
        List<StoredMessage> stored = new ArrayList<>();
        int refused = 0;
        for (Future<StoredMessage> append : both) {
            try {
                stored.add(append.get(1, TimeUnit.MINUTES));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(KeyAlreadyRecordedException.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(stored).hasSize(1);
        assertThat(refused).isEqualTo(1);
        assertThat(nodeA.messages().list(folder.id(), UidRange.ALL, 0)).extracting(StoredMessage::uid)
            .containsExactly(first.uid(), stored.get(0).uid());
        assertThat(nodeA.folders().counters(folder.id()).lastUid()).as("the refused append's UID rolled back")
            .isEqualTo(2);
        assertThat(nodeB.recordedKeys().find(OWNER, "imdn:b-1")).map(RecordedKeys.Entry::uid)
            .contains(stored.get(0).uid());

        // replacing a record whose message was found missing
        assertThatThrownBy(() -> nodeB.messages().append(folder.id(), PgStoreNodes.chat("a", 1), key("imdn:a-1", false)))
            .isInstanceOf(KeyAlreadyRecordedException.class);
        StoredMessage again = nodeB.messages().append(folder.id(), PgStoreNodes.chat("a", 1), key("imdn:a-1", true));
        assertThat(nodeA.recordedKeys().find(OWNER, "imdn:a-1")).map(RecordedKeys.Entry::uid).contains(again.uid());

        // recorded outside an append (a part stored inside its session object), then dropped by age
        nodeA.recordedKeys().record(key("imdn:part", false), again.uid());
        assertThat(nodeB.recordedKeys().find(OWNER, "imdn:part")).map(RecordedKeys.Entry::uid).contains(again.uid());
        assertThat(nodeA.recordedKeys().forgetBefore(Long.MAX_VALUE, 2)).isEqualTo(2);
        assertThat(nodeA.recordedKeys().forgetBefore(Long.MAX_VALUE, 2)).isEqualTo(1);
        assertThat(nodeA.recordedKeys().find(OWNER, "imdn:b-1")).isEmpty();
    }
}

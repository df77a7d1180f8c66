package org.cpmmss.james.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderCounters;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two "nodes" (two pools, two {@link PostgresqlStorage}s on one database) writing one folder at once: UIDs and
 * MODSEQs allocated on the folder row are distinct, each writer sees them increase, and every acknowledged append is
 * stored with its bytes.
 */
class PostgresTwoNodeAppendTest {
    private static final int WRITERS_PER_NODE = 4;
    private static final int APPENDS_PER_WRITER = 25;

    private final PgStoreNodes nodes = new PgStoreNodes("two_nodes");

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void concurrentAppendsFromTwoNodesGetDistinctIncreasingUidsAndNothingIsLost() throws Exception {
        PostgresqlStorage nodeA = nodes.node(WRITERS_PER_NODE);
        PostgresqlStorage nodeB = nodes.node(WRITERS_PER_NODE);
        Folder folder = nodeA.folders().create(new FolderName("#private", "+33600000001@cpm", "INBOX"), 42);
        assertThat(nodeB.folders().find(folder.name())).contains(folder);

        ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_NODE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<StoredMessage>>> writers = new ArrayList<>();
        for (int w = 0; w < 2 * WRITERS_PER_NODE; w++) {
            PostgresqlStorage node = w % 2 == 0 ? nodeA : nodeB;
            String writer = (w % 2 == 0 ? "a" : "b") + w;
            Callable<List<StoredMessage>> appends = () -> {
                start.await();
                List<StoredMessage> mine = new ArrayList<>();
                for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                    mine.add(node.messages().append(folder.id(), PgStoreNodes.chat(writer, i)));
                    if (i % 5 == 4) { // flag updates interleaved: they take MODSEQs from the same row
                        node.messages().updateFlags(folder.id(), UidRange.one(mine.get(i).uid()),
                            f -> f.with(FlagState.SEEN));
                    }
                }
                return mine;
            };
            writers.add(pool.submit(appends));
        }
        start.countDown();
        Map<Long, StoredMessage> acknowledged = new TreeMap<>();
        for (Future<List<StoredMessage>> writer : writers) {
            List<StoredMessage> mine = writer.get(5, TimeUnit.MINUTES);
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).uid()).isGreaterThan(mine.get(i - 1).uid());
                assertThat(mine.get(i).modSeq()).isGreaterThan(mine.get(i - 1).modSeq());
            }
            for (StoredMessage m : mine) {
                assertThat(acknowledged.put(m.uid(), m)).as("UID %d given twice", m.uid()).isNull();
            }
        }
        pool.shutdown();

        int total = 2 * WRITERS_PER_NODE * APPENDS_PER_WRITER;
        assertThat(acknowledged).hasSize(total);
        assertThat(acknowledged.keySet()).containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        for (PostgresqlStorage node : List.of(nodeA, nodeB)) {
            List<StoredMessage> stored = node.messages().list(folder.id(), UidRange.ALL, 0);
            assertThat(stored).extracting(StoredMessage::uid).containsExactlyElementsOf(acknowledged.keySet());
            List<MessageFlags> flags = node.messages().listFlags(folder.id(), UidRange.ALL, 0);
            assertThat(flags.stream().mapToLong(MessageFlags::modSeq).distinct().count()).isEqualTo(total);
            FolderCounters counters = node.folders().counters(folder.id());
            assertThat(counters.messages()).isEqualTo(total);
            assertThat(counters.lastUid()).isEqualTo(total);
            assertThat(counters.unseen()).isEqualTo(total - total / 5);
            // every append and every flag change took one MODSEQ of the folder, none taken twice or skipped (they start at 2)
            assertThat(counters.highestModSeq()).isEqualTo(1 + total + total / 5);
        }
        // each acknowledged append is there with its own bytes: writer and number, each once
        List<String> expected = new ArrayList<>();
        for (int w = 0; w < 2 * WRITERS_PER_NODE; w++) {
            for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                expected.add("From: " + (w % 2 == 0 ? "a" : "b") + w + "\r\nIMDN-Message-ID: " + (w % 2 == 0 ? "a" : "b")
                    + w + "-" + i + "\r\n\r\n");
            }
        }
        List<String> headers = nodeB.messages().list(folder.id(), UidRange.ALL, 0).stream()
            .map(m -> new String(nodeB.content().read(m.header()), StandardCharsets.US_ASCII)).toList();
        assertThat(headers).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFolderCreatedAtOnceOnTwoNodesExistsOnceAndTheLoserIsToldSo() throws Exception {
        PostgresqlStorage nodeA = nodes.node(2);
        PostgresqlStorage nodeB = nodes.node(2);
        FolderName name = new FolderName("#private", "+33600000002@cpm", "Default/tel:+33600000003");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Folder>> creates = new ArrayList<>();
        for (PostgresqlStorage node : List.of(nodeA, nodeB)) {
            creates.add(pool.submit(() -> {
                start.await();
                return node.folders().create(name, 7);
            }));
        }
        start.countDown();
        int created = 0;
        int refused = 0;
        for (Future<Folder> create : creates) {
            try {
                create.get(1, TimeUnit.MINUTES);
                created++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(org.cpmmss.james.store.api.FolderExistsException.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(refused).isEqualTo(1);
        assertThat(nodeA.folders().listOwned("#private", "+33600000002@cpm")).hasSize(1);
    }
}

package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cpmmss.james.store.wiring.StorageSelection;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.RabbitMqTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real main class with {@code events.backend=rabbitmq}: it starts on the broker (its own key queue and the
 * group work queues appear), and SIGTERM stops it cleanly (exit status 0): its own queue is deleted, the group
 * work queues stay for the other nodes.
 */
class RabbitMqEventsNodeStopTest {
    private static final String NODE_QUEUE_PREFIX = "mailboxEvent-eventbus-";
    private static final String SEARCH_GROUP_QUEUE =
        "mailboxEvent-workQueue-org.cpmmss.james.search.indexing.SearchIndexingListener$SearchIndexingGroup";

    @TempDir
    Path work;

    @Test
    void aNodeStoppedWithSigtermLeavesOnlyTheSharedQueues() throws Exception {
        RabbitMqTestBroker broker = RabbitMqTestBroker.shared();
        String uri = broker.newVirtualHost("node-stop");
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        Path selection = server.confDirectory().resolve(StorageSelection.FILE);
        Files.writeString(selection, Files.readString(selection, StandardCharsets.UTF_8)
            .replaceAll("(?m)^events\\.backend=.*$", "events.backend=rabbitmq")
            + "\nevents.rabbitmq.uri=" + uri + "\n", StandardCharsets.UTF_8);

        server.startForked();
        List<String> running = broker.queueNames(uri);
        assertThat(running).filteredOn(name -> name.startsWith(NODE_QUEUE_PREFIX)).hasSize(1);
        assertThat(running).contains(SEARCH_GROUP_QUEUE);

        assertThat(server.terminateForked()).as("stopped within 60 s").isNotNull();
        assertThat(server.lastExitValue()).isZero();
        List<String> stopped = broker.queueNames(uri);
        assertThat(stopped).noneMatch(name -> name.startsWith(NODE_QUEUE_PREFIX));
        assertThat(stopped).contains(SEARCH_GROUP_QUEUE);
    }
}

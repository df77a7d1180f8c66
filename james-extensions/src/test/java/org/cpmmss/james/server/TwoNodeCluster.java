package org.cpmmss.james.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cpmmss.james.store.wiring.StorageSelection;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.PostgresTestServer;
import org.cpmmss.james.testing.RabbitMqTestBroker;

/**
 * Two forked cpm-mss server processes (nodes A and B: own ports, own data directories) on one private PostgreSQL
 * database ({@code storage.backend=postgresql}) and one private RabbitMQ virtual host ({@code events.backend=rabbitmq}),
 * started once for a test class (a forked start takes one to two minutes on this machine). The domain {@value #DOMAIN}
 * exists, created through node A.
 */
final class TwoNodeCluster implements AutoCloseable {
    static final String DOMAIN = "example.com";

    final CpmMssTestServer nodeA;
    final CpmMssTestServer nodeB;

    private TwoNodeCluster(CpmMssTestServer nodeA, CpmMssTestServer nodeB) {
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    /** Starts both nodes, each in a directory of its own under {@code work}. */
    static TwoNodeCluster start(Path work) throws Exception {
        String database = PostgresTestServer.shared().newDatabase("multinode");
        String broker = RabbitMqTestBroker.shared().newVirtualHost("multinode");
        CpmMssTestServer nodeA = CpmMssTestServer.withFreshData(work.resolve("a"));
        CpmMssTestServer nodeB = CpmMssTestServer.withFreshData(work.resolve("b"));
        TwoNodeCluster cluster = new TwoNodeCluster(nodeA, nodeB);
        for (CpmMssTestServer node : List.of(nodeA, nodeB)) {
            shareStoreAndEvents(node.confDirectory(), database, broker);
        }
        try {
            nodeA.startForked();
            nodeB.startForked();
            nodeA.webAdmin().addDomain(DOMAIN);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static void shareStoreAndEvents(Path conf, String jdbcUrl, String amqpUri) throws Exception {
        Path selection = conf.resolve(StorageSelection.FILE);
        String text = Files.readString(selection, StandardCharsets.UTF_8)
            .replaceAll("(?m)^storage\\.backend=.*$", "storage.backend=postgresql")
            .replaceAll("(?m)^events\\.backend=.*$", "events.backend=rabbitmq");
        text += "\nstorage.postgresql.url=" + jdbcUrl
            + "\nstorage.postgresql.user=" + PostgresTestServer.APP_USER
            + "\nstorage.postgresql.password=" + PostgresTestServer.APP_PASSWORD
            + "\nevents.rabbitmq.uri=" + amqpUri + "\n";
        Files.writeString(selection, text, StandardCharsets.UTF_8);
    }

    /** Kills both nodes (SIGKILL: their state is in PostgreSQL, what a test leaves there is of no use after it). */
    @Override
    public void close() throws InterruptedException {
        nodeA.killForked();
        nodeB.killForked();
    }
}

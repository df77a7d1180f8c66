package org.cpmmss.james.doors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LMTP door delivers while the PF waits, on the thread that serves the connection (James runs the mailet pipeline
 * there). conf/lmtpserver.xml gives the door one such thread per connection for up to 16 connections
 * ({@code ioWorkerCount}): with James's default, twice the processors (4 on two cores), each of a PF's 8
 * connections shared its thread with another, whose next object was not even read while the first one's was in the
 * pipeline or waiting for its forced write, and the shared force then held fewer objects. Here one connection's
 * object is held in the pipeline while 7 other connections deliver: each of them is answered meanwhile (with 4
 * threads the fifth connection, on the held one's thread, is not), and the held object is answered once released.
 */
class LmtpConnectionsAtOnceTest {
    private static final String ALICE = "+33600000011@example.com";
    private static final String BOB = "+33600000012@example.com";
    private static final int CONNECTIONS = 8;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .replace("mailetcontainer.xml", "<mailet match=\"RelayLimit=30\" class=\"Null\"/>",
            "<mailet match=\"RelayLimit=30\" class=\"Null\"/>\n"
                + "<mailet match=\"HasHeader=X-Test-Hold\" class=\"org.cpmmss.james.doors.HeldDelivery\"/>")
        .domain("example.com")
        .user(ALICE, "secret").user(BOB, "secret")
        .build();

    private static byte[] chat(String imdnId, String... extra) {
        return CpmObjectSamples.chat("tel:+33600000011", "tel:+33600000012", "at-once-conv", "at-once-" + imdnId,
            imdnId, "hello " + imdnId, extra);
    }

    @Test
    void aDeliveryHeldInThePipelineHoldsUpNoOtherConnection() throws Exception {
        HeldDelivery.reset();
        ExecutorService pf = Executors.newFixedThreadPool(CONNECTIONS);
        List<MailDoorClient> connections = new ArrayList<>();
        try {
            // every connection is open (and has its thread) before anything is delivered
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(MailDoorClient.lmtp(server.lmtpPort()));
            }
            MailDoorClient first = connections.get(0);
            CompletableFuture<List<String>> held = CompletableFuture.supplyAsync(
                () -> send(first, chat("at-once-held", "X-Test-Hold: yes")), pf);
            assertThat(HeldDelivery.entered.await(30, TimeUnit.SECONDS)).as("the first object reached the pipeline").isTrue();

            List<CompletableFuture<List<String>>> others = new ArrayList<>();
            for (int i = 1; i < CONNECTIONS; i++) {
                MailDoorClient connection = connections.get(i);
                byte[] object = chat("at-once-" + i);
                others.add(CompletableFuture.supplyAsync(() -> send(connection, object), pf));
            }
            for (int i = 0; i < others.size(); i++) {
                List<String> replies;
                try {
                    replies = others.get(i).get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("connection " + (i + 1) + " was not answered within 20 s while the first"
                        + " connection's object was held in the pipeline", e);
                }
                assertThat(replies).as("connection %d while the first is held", i + 1)
                    .hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("250"));
            }
            assertThat(held).isNotDone();

            HeldDelivery.released.countDown();
            assertThat(held.get(30, TimeUnit.SECONDS)).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        } finally {
            HeldDelivery.released.countDown();
            for (MailDoorClient connection : connections) {
                try {
                    connection.close();
                } catch (Exception e) {
                    // the connection may be gone already
                }
            }
            pf.shutdownNow();
        }
    }

    private static List<String> send(MailDoorClient connection, byte[] object) {
        try {
            return connection.send("pf@pf.test", List.of(ALICE, BOB), object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

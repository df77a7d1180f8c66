package org.cpmmss.james.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.cpmmss.james.testing.CpmMssTestServer;

/**
 * Not part of the suite (the name does not end in Test): what the outbox costs. Enqueue = the durable H2 write a
 * hand-over's door answer waits for; drain = sending through the SMTP route to a local GreenMail relay.
 * {@code mvn -B -o -q -pl james-extensions -am test -Dtest=NotificationOutboxBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
class NotificationOutboxBench {
    static final int N = Integer.getInteger("outbox.bench.n", 1000);
    @TempDir
    Path work;

    @Test
    void enqueueAndDrain() throws Exception {
        int port;
        port = CpmMssTestServer.freePort();
        GreenMail relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try (H2NotificationOutbox outbox = new H2NotificationOutbox(work.toFile())) {
            OutboxSettings settings = OutboxSettings.from(key -> null);
            OutboundRoute smtp = new SmtpOutboundRoute(new SmtpRelay(new RelayTarget("127.0.0.1", port), "postmaster@example.com"));
            OutboxSender sender = new OutboxSender(outbox, new OutboundRoutes(Optional::empty, () -> Optional.of(smtp)), settings,
                Clock.systemUTC());
            byte[] object = ("From: tel:+33600000002\r\nTo: tel:+33600000001\r\nIMDN-Message-ID: x\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: message/cpim\r\n\r\nFrom: <tel:+33600000002>\r\nTo: <tel:+33600000001>\r\n\r\n"
                + "Content-Type: message/imdn+xml\r\n\r\n<imdn><message-id>m</message-id></imdn>\r\n").getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                outbox.enqueue("bench-" + i, "+33600000001@example.com", object, Clock.systemUTC().instant());
            }
            long t1 = System.nanoTime();
            int sent = 0;
            while (sent < N) {
                sent += sender.drain();
            }
            long t2 = System.nanoTime();
            assertThat(relay.waitForIncomingEmail(30_000, N)).isTrue();
            System.out.printf("OUTBOX-BENCH n=%d enqueue total %.0f ms (%.2f ms each); drain to GreenMail %.0f ms (%.1f msg/s)%n",
                N, (t1 - t0) / 1e6, (t1 - t0) / 1e6 / N, (t2 - t1) / 1e6, N / ((t2 - t1) / 1e9));
            assertThat(outbox.count(NotificationOutbox.State.SENT)).isEqualTo(N);
        } finally {
            relay.stop();
        }
    }
}

package org.cpmmss.james.deferred;

import org.cpmmss.recording.pipeline.TemporaryObjects;

import org.cpmmss.recording.port.ExpiryIndex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/deferred-sweep (run it with bench/deferred-sweep/run.sh; not part of the suite: the name does not match
 * surefire's includes): the time of one expiry sweep that finds 1,000 expired temporary objects among 100,000 and
 * then 1,000,000 unexpired ones. The 1,000 expiring objects are real temporary objects appended through the mailbox
 * API ({@code $cpm-temporary}, indexed) and expunged by the sweep; the unexpired population is {@code bench.real}
 * real temporary objects appended the same way (indexed, expiring in 30 days) plus index entries only up to each
 * size (what the sweep reads is the index; see docs/benchmarks.md for what was filled). Clock: injected, moved.
 */
class DeferredSweepBench {
    static final String DOMAIN = "example.com";
    static final String OWNER = "+33630000001@" + DOMAIN;
    static final TestClock CLOCK = TestClock.running();

    @TempDir
    static Path work;

    @Test
    void oneSweepDoesNotGrowWithTheUnexpiredCount() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : System.getProperty("bench.sizes", "100000,1000000").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        int real = Integer.getInteger("bench.real", 10_000);
        int expiring = Integer.getInteger("bench.expiring", 1_000);
        Path results = Path.of(System.getProperty("bench.results", "target/deferred-sweep-results.txt"));
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of("cpm.deferred.sweep-interval", "PT24H"))
            .withOverride(binder -> binder.bind(java.time.Clock.class).toInstance(CLOCK))
            .start()) {
            server.webAdmin().addDomain(DOMAIN);
            server.webAdmin().addUser(OWNER, "pw");
            MailboxProbeImpl mailbox = server.guice().getProbe(MailboxProbeImpl.class);
            DeferredProbe deferred = server.guice().getProbe(DeferredProbe.class);
            ExpiryIndex index = deferred.expiryIndex();
            MailboxPath unexpiredFolder = MailboxPath.forUser(Username.of(OWNER), "Default/tel:+33630000002");
            MailboxPath expiringFolder = MailboxPath.forUser(Username.of(OWNER), "Default/tel:+33630000003");
            mailbox.createMailbox(MailboxPath.forUser(Username.of(OWNER), "Default"));
            mailbox.createMailbox(unexpiredFolder);
            mailbox.createMailbox(expiringFolder);
            report(results, "deferred-sweep bench " + Instant.now() + " cores=" + Runtime.getRuntime().availableProcessors()
                + " load=" + Files.readString(Path.of("/proc/loadavg")).trim());

            // the real unexpired temporary objects (mailbox API + index), expiring in 30 days
            long start = System.nanoTime();
            Instant farAway = CLOCK.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
            List<ExpiryIndex.Entry> batch = new ArrayList<>();
            for (int i = 0; i < real; i++) {
                ComposedMessageId id = append(mailbox, unexpiredFolder, "u-" + i, farAway);
                batch.add(new ExpiryIndex.Entry(OWNER, id.getMailboxId().serialize(), id.getUid().asLong(), farAway));
                if (batch.size() == 1000) {
                    index.putAll(batch);
                    batch.clear();
                    System.out.printf("appended %d real temporary objects (%.0f/s)%n", i + 1, (i + 1) / seconds(start));
                }
            }
            index.putAll(batch);
            batch.clear();
            report(results, String.format("filled %d real unexpired temporary objects through the mailbox API in %.1f s",
                real, seconds(start)));

            long filled = real;
            String ghostMailbox = "bench-index-only";
            for (int size : sizes) {
                // index-only unexpired entries up to this size
                start = System.nanoTime();
                while (filled < size) {
                    int n = (int) Math.min(10_000, size - filled);
                    for (int i = 0; i < n; i++) {
                        batch.add(new ExpiryIndex.Entry(OWNER, ghostMailbox, filled + i, farAway));
                    }
                    index.putAll(batch);
                    batch.clear();
                    filled += n;
                }
                report(results, String.format("index filled to %d unexpired entries (%d real objects + %d index-only) in %.1f s",
                    index.size(), real, filled - real, seconds(start)));

                // 1,000 expiring real temporary objects, expiring in one hour
                Instant soon = CLOCK.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
                start = System.nanoTime();
                for (int i = 0; i < expiring; i++) {
                    ComposedMessageId id = append(mailbox, expiringFolder, "e-" + size + "-" + i, soon);
                    batch.add(new ExpiryIndex.Entry(OWNER, id.getMailboxId().serialize(), id.getUid().asLong(), soon));
                }
                index.putAll(batch);
                batch.clear();
                report(results, String.format("appended %d expiring temporary objects in %.1f s", expiring, seconds(start)));

                // a sweep with nothing expired yet, then the sweep that expunges the 1,000
                start = System.nanoTime();
                ExpirySweeper.Result idle = deferred.sweepTemporaryObjects();
                double idleMs = seconds(start) * 1000;
                assertThat(idle.expunged()).isZero();
                CLOCK.advance(Duration.ofHours(2));
                start = System.nanoTime();
                ExpirySweeper.Result sweep = deferred.sweepTemporaryObjects();
                double sweepMs = seconds(start) * 1000;
                assertThat(sweep.expunged()).isEqualTo(expiring);
                report(results, String.format("unexpired=%d expired=%d: sweep %.0f ms (%.2f ms per expunged object), "
                    + "sweep with nothing expired %.1f ms; index now %d", size, sweep.expunged(), sweepMs,
                    sweepMs / sweep.expunged(), idleMs, index.size()));
            }
        }
    }

    static ComposedMessageId append(MailboxProbeImpl mailbox, MailboxPath folder, String id, Instant expires) throws Exception {
        byte[] raw = ("Date: Mon, 25 Mar 2024 10:45:41 +0000\r\nFrom: tel:+33630000009\r\nTo: tel:+33630000001\r\n"
            + "Conversation-ID: bench-conv\r\nContribution-ID: bench-" + id + "\r\nIMDN-Message-ID: " + id + "\r\n"
            + "CPM-Delivery: deferred-handover\r\nExpires: " + TemporaryObjects.format(expires) + "\r\n"
            + "Message-Direction: received\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nbench " + id + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        return mailbox.appendMessage(OWNER, folder, new ByteArrayInputStream(raw), new Date(), false,
            new Flags(TemporaryObjects.KEYWORD));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void report(Path results, String line) throws Exception {
        System.out.println(line);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

package org.cpmmss.james.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.testing.CpmMssTestServer;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * bench/search (issue 6 and issue 11 (e)): HTTP search latency p50/p99 on one user holding N stored chat
 * messages, default configuration.
 *
 * <p>For each size: a <em>fill</em> server appends chat objects to the user through James's mailbox API
 * ({@link FillProbe}, several threads, 100 conversation folders) up to the size; the fill server runs
 * with H2's default write delay (the fill is not what is measured, and durability per append would only make it
 * slower). Then a <em>measure</em> server is started on the same data directory with the shipped
 * configuration unchanged, and {@code GET /cpm/v1/users/{user}/search} is timed over HTTP: whole history and
 * one conversation, one word drawn from 16 (each message holds two, so a word matches about 1/8 of the store).
 * The first query after start (it loads Lucene's sort caches) is reported separately.</p>
 *
 * <p>Usage: {@code SearchBench <work-dir> <size>[,<size>...] [fill-threads]}; a work directory that already
 * holds a fill is reused (its size is in {@code filled.txt}; an interrupted fill goes on from the number of messages
 * stored).</p>
 */
public final class SearchBench {
    static final String OP = "bench-op-token-0123456789";
    static final String ALICE = "+33612345678@example.com";
    static final int FOLDERS = 100;
    static final String[] WORDS = HttpBench.WORDS;

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        List<Integer> sizes = new ArrayList<>();
        for (String size : args[1].split(",")) {
            sizes.add(Integer.parseInt(size.trim()));
        }
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path data = Files.createDirectories(work.resolve("data"));
        Path marker = work.resolve("filled.txt");
        int filled = Files.exists(marker) ? Integer.parseInt(Files.readString(marker).trim()) : 0;
        System.out.println("# cpm-mss search bench, " + Runtime.getRuntime().availableProcessors() + " CPUs, java "
            + System.getProperty("java.version") + ", store " + data + " holding " + filled + " messages");
        long invocation = System.currentTimeMillis();
        int run = 0;
        for (int size : sizes) {
            if (size > filled) {
                CpmMssTestServer filler = server(work.resolve("fill-" + invocation + "-" + run), data, false)
                    .withOverride(new AbstractModule() {
                        @Override
                        protected void configure() {
                            Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(FillProbe.class);
                        }
                    });
                filler.start();
                try {
                    if (filled == 0) {
                        filler.webAdmin().addDomain("example.com");
                        filler.webAdmin().addUser(ALICE, "secret");
                    } else {
                        // an interrupted fill leaves more than filled.txt says: go on from what is stored
                        filled = filler.guice().getProbe(FillProbe.class).stored();
                        System.out.println("the store holds " + filled + " messages");
                    }
                    if (size > filled) {
                        fill(filler, filled, size, threads);
                    }
                } finally {
                    filler.close();
                }
                filled = size;
                Files.writeString(marker, Integer.toString(filled));
            }
            CpmMssTestServer measured = server(work.resolve("measure-" + invocation + "-" + run), data, true);
            long t = System.nanoTime();
            measured.start();
            System.out.printf("measure server started on %d messages in %.1f s%n", filled, (System.nanoTime() - t) / 1e9);
            try {
                measure(measured, filled);
            } finally {
                measured.close();
            }
            run++;
        }
        System.exit(0);
    }

    /** A server over the shared data directory: shipped conf/ plus an operator token; {@code durable=false} relaxes H2's write delay for the fill. */
    static CpmMssTestServer server(Path phase, Path data, boolean durable) throws Exception {
        Files.createDirectories(phase);
        Path link = phase.resolve("data");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, data);
        }
        CpmMssTestServer server = CpmMssTestServer.withFreshData(phase, Map.of("cpm.http.tokens", OP + ":operator"));
        server.replace("domainlist.xml", "<defaultDomain>localhost</defaultDomain>", "<defaultDomain>example.com</defaultDomain>");
        if (!durable) {
            server.replace("james-database.properties", "WRITE_DELAY=0;", "");
        }
        return server;
    }

    static MailboxPath folder(int f) {
        return MailboxPath.forUser(Username.of(ALICE), "Default/tel:+336" + String.format("%08d", f));
    }

    /** The fill's access to James's mailbox API: each append in its own session, ended afterwards. */
    public static class FillProbe implements GuiceProbe {
        private final MailboxManager mailboxManager;

        @Inject
        public FillProbe(MailboxManager mailboxManager) {
            this.mailboxManager = mailboxManager;
        }

        void createFolders() throws Exception {
            MailboxSession session = mailboxManager.createSystemSession(Username.of(ALICE));
            try {
                for (int f = 0; f < FOLDERS; f++) {
                    mailboxManager.createMailbox(folder(f), session);
                }
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        }

        void append(int f, byte[] raw, Date internalDate) throws Exception {
            // ending the request closes the session's JPA entity managers (MailboxProbeImpl leaves them open:
            // a fill of a few hundred thousand appends then runs out of heap)
            MailboxSession session = mailboxManager.createSystemSession(Username.of(ALICE));
            try {
                mailboxManager.getMailbox(folder(f), session).appendMessage(MessageManager.AppendCommand.builder()
                    .withInternalDate(internalDate)
                    .notRecent()
                    .build(raw), session);
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        }

        int stored() throws Exception {
            MailboxSession session = mailboxManager.createSystemSession(Username.of(ALICE));
            try {
                long total = 0;
                for (int f = 0; f < FOLDERS; f++) {
                    total += mailboxManager.getMailbox(folder(f), session).getMessageCount(session);
                }
                return Math.toIntExact(total);
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        }
    }

    static void fill(CpmMssTestServer server, int from, int to, int threads) throws Exception {
        FillProbe probe = server.guice().getProbe(FillProbe.class);
        if (from == 0) {
            probe.createFolders();
        }
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    int f = i % FOLDERS;
                    Random random = new Random(i);
                    String text = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " message " + i;
                    byte[] raw = HttpApiTest.chat("fill-" + i, i % 2 == 0 ? "sent" : "received", text, "Mon, 25 Mar 2024 10:45:41 +0000")
                        .replace("tel:+33640332859", "tel:+336" + String.format("%08d", f)).getBytes(StandardCharsets.UTF_8);
                    probe.append(f, raw, new Date(1_700_000_000_000L + i * 1000L));
                    int d = done.incrementAndGet();
                    if (d % 10_000 == 0) {
                        System.out.printf("filled %d messages (%.0f/s)%n", from + d, d / ((System.nanoTime() - start) / 1e9));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fill %d -> %d messages, %d folders, %d threads: %.1f s (%.0f messages/s)%n", from, to, FOLDERS,
            threads, seconds, (to - from) / seconds);
    }

    static void measure(CpmMssTestServer server, int messages) throws Exception {
        CpmHttpClient op = CpmHttpClient.bearer(server.httpPort(), OP);
        String all = "/cpm/v1/users/" + ALICE + "/search?limit=20&q=";
        long t = System.nanoTime();
        CpmHttpClient.Reply first = op.get(all + WORDS[0]);
        System.out.printf("first search after start (loads the sort caches): %.0f ms, status %d%n", (System.nanoTime() - t) / 1e6, first.status());
        for (int i = 0; i < 20; i++) {
            op.get(all + WORDS[i % WORDS.length]);
        }
        report(messages, "whole history (" + FOLDERS + " conversations), q=<word>, limit 20", op, all, 200);
        report(messages, "one conversation, q=<word>, limit 20", op, "/cpm/v1/users/" + ALICE + "/search?limit=20&folder="
            + HttpApiTest.enc(folder(7).getName()) + "&q=", 200);
        report(messages, "whole history, two words q=<w1>+<w2>, limit 20", op, all + WORDS[3] + "+", 100);
    }

    static void report(int messages, String label, CpmHttpClient op, String prefix, int runs) throws Exception {
        List<Long> latencies = new ArrayList<>();
        int hits = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            CpmHttpClient.Reply reply = op.get(prefix + WORDS[i % WORDS.length]);
            latencies.add(System.nanoTime() - t);
            if (reply.status() != 200) {
                throw new IllegalStateException(reply.toString());
            }
            hits += reply.json().get("hits").size();
        }
        Collections.sort(latencies);
        System.out.printf("| %,d | %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f |%n", messages, label, runs,
            latencies.get(runs / 2) / 1e6, latencies.get(Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)) / 1e6,
            latencies.get(runs - 1) / 1e6, hits / (double) runs);
    }
}

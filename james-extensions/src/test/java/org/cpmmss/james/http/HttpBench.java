package org.cpmmss.james.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.cpmmss.james.testing.CpmMssTestServer;

/**
 * bench/http: HTTP ingestion of 1 KiB chat messages with 1 and 8 clients, and search latency p50/p99 on a
 * user with N stored messages (filled in-process through the mailbox API), default configuration plus one
 * pf and one operator token. Run: bench/http/run.sh [messages] (default 100000).
 */
public final class HttpBench {
    static final String PF = "bench-pf-token-0123456789";
    static final String OP = "bench-op-token-0123456789";
    static final String ALICE = "+33612345678@example.com";
    static final String BOB = "+33640332859@example.com";
    static final String[] WORDS = {"harbour", "lighthouse", "meeting", "pizza", "station", "weekend", "ticket", "holiday",
        "concert", "coffee", "garden", "bicycle", "museum", "library", "market", "river"};

    private HttpBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int ingestSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Files.createTempDirectory("cpm-http-bench");
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of("cpm.http.tokens", PF + ":pf," + OP + ":operator"));
        server.replace("domainlist.xml", "<defaultDomain>localhost</defaultDomain>", "<defaultDomain>example.com</defaultDomain>");
        server.start();
        try {
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(ALICE, "secret");
            server.webAdmin().addUser(BOB, "secret");
            System.out.println("# cpm-mss HTTP bench, " + Runtime.getRuntime().availableProcessors() + " CPUs, java " + System.getProperty("java.version"));
            ingest(server, 1, ingestSeconds);
            ingest(server, 8, ingestSeconds);
            fill(server, messages);
            search(server, messages);
        } finally {
            server.close();
        }
        System.exit(0);
    }

    static String chatJson(int client, int i) {
        String text = ("msg " + client + "-" + i + " " + "lorem ".repeat(200)).substring(0, 1024);
        return "{\"from\":\"tel:+33612345678\",\"to\":\"tel:+33640332859\",\"conversationId\":\"bench-conv\","
            + "\"contributionId\":\"bench-contrib\",\"imdnMessageId\":\"bench-" + client + "-" + i + "-" + System.nanoTime() + "\","
            + "\"text\":\"" + text + "\"}";
    }

    static void ingest(CpmMssTestServer server, int clients, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                CpmHttpClient pf = CpmHttpClient.bearer(server.httpPort(), PF);
                int i = 0;
                while (System.nanoTime() < deadline) {
                    CpmHttpClient.Reply reply = pf.postJson("/cpm/v1/standalone-messages", chatJson(client, i++));
                    statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
                    if (reply.status() == 201) {
                        ok.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("ingest clients=%d requests=%d answered-201=%d other=%d statuses=%s objects/s=%.1f%n",
            clients, ok.get() + other.get(), ok.get(), other.get(), statuses, (ok.get() + other.get()) / elapsed);
    }

    static void fill(CpmMssTestServer server, int messages) throws Exception {
        MailboxProbeImpl probe = server.guice().getProbe(MailboxProbeImpl.class);
        int folders = 100;
        List<MailboxPath> paths = new ArrayList<>();
        for (int f = 0; f < folders; f++) {
            MailboxPath path = MailboxPath.forUser(Username.of(ALICE), "Default/tel:+336" + String.format("%08d", f));
            probe.createMailbox(path);
            paths.add(path);
        }
        long start = System.nanoTime();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < messages; i++) {
            int f = i % folders;
            String text = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " message " + i;
            byte[] raw = HttpApiTest.chat("fill-" + i, i % 2 == 0 ? "sent" : "received", text, "Mon, 25 Mar 2024 10:45:41 +0000")
                .replace("tel:+33640332859", "tel:+336" + String.format("%08d", f)).getBytes(StandardCharsets.UTF_8);
            probe.appendMessage(ALICE, paths.get(f), new ByteArrayInputStream(raw), new Date(1_700_000_000_000L + i * 1000L), false, new Flags());
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("filled %d messages (%.0f/s)%n", i + 1, (i + 1) / ((System.nanoTime() - start) / 1e9));
            }
        }
        System.out.printf("fill messages=%d folders=%d seconds=%.1f%n", messages, folders, (System.nanoTime() - start) / 1e9);
    }

    static void search(CpmMssTestServer server, int messages) throws Exception {
        CpmHttpClient op = CpmHttpClient.bearer(server.httpPort(), OP);
        String base = "/cpm/v1/users/" + ALICE + "/search?limit=20&q=";
        for (int i = 0; i < 5; i++) {
            op.get(base + WORDS[i]);
        }
        report("search q=<word> all folders", op, base, 50);
        report("search q=<word> one folder", op, "/cpm/v1/users/" + ALICE + "/search?limit=20&folder="
            + HttpApiTest.enc("Default/tel:+33600000007") + "&q=", 200);
    }

    static void report(String label, CpmHttpClient op, String prefix, int runs) throws Exception {
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
        System.out.printf("%s runs=%d p50=%.1fms p99=%.1fms max=%.1fms (hits per page avg %.1f)%n", label, runs,
            latencies.get(runs / 2) / 1e6, latencies.get(Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)) / 1e6,
            latencies.get(runs - 1) / 1e6, hits / (double) runs);
    }
}

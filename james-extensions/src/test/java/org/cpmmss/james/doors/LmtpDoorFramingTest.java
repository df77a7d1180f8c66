package org.cpmmss.james.doors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LMTP door ({@link LmtpDoorServer}) frames a connection's lines on the connection's own event loop: a PF's
 * pipelined envelopes and objects, several on one connection, get every reply in order (the envelope's four, then
 * one per recipient) and are stored, and no line was handed to James's separate framing executor, whose threads
 * ({@code lmtpserver-N}, beside the loops' {@code lmtpserver-io-N}) start with the first task given to them: none
 * starts while the objects are delivered.
 */
class LmtpDoorFramingTest {
    private static final String ALICE = "+33600000011@example.com";
    private static final String BOB = "+33600000012@example.com";
    private static final String PASSWORD = "secret";
    /** The threads of James's LMTP framing executor (its event loops are {@code lmtpserver-io-N}). */
    private static final Pattern FRAMING_EXECUTOR = Pattern.compile("lmtpserver-\\d+");
    private static CpmMssTestServer server;

    @BeforeAll
    static void boot() throws Exception {
        server = CpmMssTestServer.withFreshData(Files.createTempDirectory("lmtp-door-framing")).start();
        server.webAdmin().addDomain("example.com");
        server.webAdmin().addUser(ALICE, PASSWORD);
        server.webAdmin().addUser(BOB, PASSWORD);
    }

    @AfterAll
    static void shutdown() throws Exception {
        server.close();
    }

    private static Set<Thread> framingExecutorThreads() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(thread -> !FRAMING_EXECUTOR.matcher(thread.getName()).matches());
        return threads;
    }

    @Test
    void pipelinedObjectsOnOneConnectionAreAnsweredInOrderWithoutTheFramingExecutor() throws Exception {
        // other tests' servers in this JVM may have started framing threads of their own: only new ones count
        Set<Thread> before = framingExecutorThreads();
        List<String> replies = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", server.lmtpPort())) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            out.write("LHLO pf.test\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
                assertThat(line).startsWith("250");
            } while (line.startsWith("250-"));
            for (int i = 0; i < 5; i++) {
                // the envelope in one write, as a PF pipelines it; DATA must be answered 354 before the object
                out.write(("MAIL FROM:<pf@pf.test>\r\nRCPT TO:<" + ALICE + ">\r\nRCPT TO:<" + BOB + ">\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                for (int r = 0; r < 4; r++) {
                    replies.add(in.readLine());
                }
                byte[] chat = CpmObjectSamples.chat("tel:+33600000011", "tel:+33600000012", "framing-conv",
                    "framing-contrib-" + i, "framing-" + i, "hello " + i);
                out.write(MailDoorClient.dataLines(chat));
                replies.add(in.readLine());
                replies.add(in.readLine());
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("221");
        }

        for (int i = 0; i < 5; i++) {
            List<String> object = replies.subList(6 * i, 6 * i + 6);
            assertThat(object.subList(0, 3)).as("envelope of object %d", i).allSatisfy(r -> assertThat(r).startsWith("250"));
            assertThat(object.get(3)).as("DATA of object %d", i).startsWith("354");
            assertThat(object.get(4)).as("first owner of object %d", i).startsWith("250").contains(ALICE);
            assertThat(object.get(5)).as("second owner of object %d", i).startsWith("250").contains(BOB);
        }
        Set<Thread> started = framingExecutorThreads();
        started.removeAll(before);
        assertThat(started).extracting(Thread::getName).as("threads of James's LMTP framing executor started").isEmpty();
        try (ImapConnection alice = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            List<String> select = alice.expectOk("SELECT \"Default/tel:+33600000012\"");
            assertThat(select).anyMatch(r -> r.equals("* 5 EXISTS"));
        }
    }
}

package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.sip.SipFixtures.PASSWORD;
import static org.cpmmss.james.sip.SipFixtures.cpim;
import static org.cpmmss.james.sip.SipFixtures.search;
import static org.cpmmss.james.sip.SipFixtures.setPreference;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Response;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIPp scenarios of bench/sip/scenarios against a booted server with the shipped SIP configuration
 * (digest off, trusted peers 127.0.0.1 and ::1). Needs {@code sipp} on PATH (.ci/run installs the Debian package
 * sip-tester): without it the test fails in CI and is skipped elsewhere ({@code CiRequirement}).
 */
class SippScenariosTest {
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String CAROL = "carol@example.com";
    static final String DAVE = "dave@example.com";
    static final String ERIN = "erin@example.com";

    @TempDir
    static Path work;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com")
        .user(ALICE, PASSWORD).user(BOB, PASSWORD).user(CAROL, PASSWORD).user(DAVE, PASSWORD).user(ERIN, PASSWORD)
        .build();

    @BeforeAll
    static void preferences() throws Exception {
        setPreference(server.imapPort(), CAROL, "do-not-disturb", "on");
        setPreference(server.imapPort(), DAVE, "reject-when-offline", "on");
        setPreference(server.imapPort(), ERIN, "deferred-delivery", "push");
    }

    static boolean sippAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "sipp"))) {
                return true;
            }
        }
        return false;
    }

    static Path scenario(String name) {
        return CpmMssTestServer.shippedConfDirectory().getParent().resolve("bench/sip/scenarios").resolve(name);
    }

    static int freePort() throws IOException {
        return CpmMssTestServer.freePort();
    }

    /** Starts SIPp; its screen output and error log go to target/sipp/ (kept after the test). */
    static Process sipp(String name, String... args) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "sipp"));
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + server.sipPort(), "-sf", scenario(name).toString(),
            "-i", "127.0.0.1", "-nostdin", "-trace_err", "-error_file", logs.resolve(name + ".errors").toAbsolutePath().toString(),
            "-timeout", "30", "-timeout_error"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".out").toFile());
        return builder.start();
    }

    static int run(String name, String... args) throws Exception {
        Process p = sipp(name, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sipp " + name + " finished").isTrue();
        return p.exitValue();
    }

    @Test
    void doNotDisturbAndOfflineRejection() throws Exception {
        org.cpmmss.james.testing.CiRequirement.require(sippAvailable(), "sipp is not on PATH (apt-get install sip-tester)");
        assertThat(run("message-dnd.xml", "-s", CAROL, "-key", "from", ALICE, "-m", "3", "-r", "10", "-t", "u1",
            "-p", Integer.toString(freePort()))).isZero();
        assertThat(run("message-offline.xml", "-s", DAVE, "-key", "from", ALICE, "-m", "3", "-r", "10", "-t", "t1",
            "-p", Integer.toString(freePort()))).isZero();
        assertThat(search(server.imapPort(), CAROL, "INBOX", "Conversation-ID", "sipp-conv")).isEmpty();
        // The scenario fails when the answer is not the one it expects: Carol's 486 is not Dave's 480.
        assertThat(run("message-offline.xml", "-s", CAROL, "-key", "from", ALICE, "-m", "1", "-t", "u1",
            "-p", Integer.toString(freePort()), "-recv_timeout", "5000")).isNotZero();
    }

    @Test
    void registerFromASippUasIsFollowedByThePushOfItsQueuedMessages() throws Exception {
        org.cpmmss.james.testing.CiRequirement.require(sippAvailable(), "sipp is not on PATH (apt-get install sip-tester)");
        assertThat(run("message-handover-queued.xml", "-s", ERIN, "-key", "from", BOB, "-m", "3", "-r", "10", "-t", "u1",
            "-p", Integer.toString(freePort()))).isZero();
        DeferredQueue queue = server.guice().getProbe(SipBridgeProbe.class).deferredQueue();
        assertThat(queue.list(ERIN)).hasSize(3);

        int uasPort = freePort();
        Path received = Path.of("target", "sipp", "uas-messages.log").toAbsolutePath();
        Process uas = sipp("cpm-client-uas.xml", "-p", Integer.toString(uasPort), "-t", "u1", "-m", "3",
            "-trace_msg", "-message_file", received.toString());
        Thread.sleep(500); // let the UAS bind its port
        assertThat(run("register.xml", "-s", ERIN, "-key", "contact_port", Integer.toString(uasPort), "-m", "1", "-t", "u1",
            "-p", Integer.toString(freePort()))).isZero();
        assertThat(uas.waitFor(30, TimeUnit.SECONDS)).as("the UAS received the 3 pushed messages").isTrue();
        assertThat(uas.exitValue()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.list(ERIN).isEmpty());
        String log = Files.readString(received, StandardCharsets.ISO_8859_1);
        assertThat(log).contains("Content-Type: message/cpim", "Hello from SIPp, message 1", "Hello from SIPp, message 3");
        assertThat(server.guice().getProbe(SipBridgeProbe.class).registrations(ERIN)).hasSize(1);
    }

    @Test
    void untrustedPeerIsRefused403() throws Exception {
        try (SipTestClient stranger = new SipTestClient("127.0.0.2")) {
            Response r = stranger.send(stranger.message("udp", server.sipPort(), "sip:" + ALICE, "sip:" + BOB,
                Map.of("Conversation-ID", "c"), "message/cpim", cpim("sip:" + ALICE, "sip:" + BOB, "sipp-403", "x")));
            assertThat(r.getStatusCode()).isEqualTo(403);
            assertThat(r.getReasonPhrase()).contains("untrusted peer");
        }
    }

    @Test
    void oneToOneMessagesFromSippAreRecordedOnBothSides() throws Exception {
        org.cpmmss.james.testing.CiRequirement.require(sippAvailable(), "sipp is not on PATH (apt-get install sip-tester)");
        assertThat(run("message-cpim.xml", "-s", BOB, "-key", "from", ALICE, "-m", "20", "-r", "20", "-t", "u1",
            "-p", Integer.toString(freePort()))).isZero();
        assertThat(search(server.imapPort(), ALICE, "Default/sip:" + BOB, "Contribution-ID", "sipp-contrib")).hasSize(20);
        assertThat(search(server.imapPort(), BOB, "Default/sip:" + ALICE, "Contribution-ID", "sipp-contrib")).hasSize(20);
    }
}

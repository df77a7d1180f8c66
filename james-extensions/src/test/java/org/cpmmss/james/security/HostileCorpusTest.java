package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.security.SecurityFixtures.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every case of src/test/resources/hostile/ (see its README) over LMTP against a live server.
 * Each case is refused with a 5xx reply, unless hostile/expected-2xx.txt lists it (valid but harmless,
 * stored only in the recipient's own namespace). The server stays up, and what was stored before — the
 * recipient's existing folders and a bystander's whole store — is byte-for-byte unchanged.
 */
class HostileCorpusTest {
    static final String DOMAIN = "example.com";
    static final String RECIPIENT = "+33688888888@" + DOMAIN;
    static final String BYSTANDER = "+33622222222@" + DOMAIN;
    @TempDir
    static Path work;
    static CpmMssTestServer server;

    @BeforeAll
    static void boot() throws Exception {
        server = CpmMssTestServer.withFreshData(work, Map.of("cpm.limits.max-object-size", "32768")).start();
        server.webAdmin().addDomain(DOMAIN);
        server.webAdmin().addUser(RECIPIENT, "pw");
        server.webAdmin().addUser(BYSTANDER, "pw");
        assertThat(lmtp(List.of(RECIPIENT, BYSTANDER),
            chat("tel:+33611112222", "tel:+33688888888", "before-conv", "before-contrib", "before-1", "stored before")))
            .isNotEmpty().allMatch(r -> r.startsWith("250"));
    }

    @AfterAll
    static void shutdown() {
        server.stop();
    }

    static List<String> lmtp(List<String> recipients, byte[] object) throws IOException {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            return lmtp.send("pf@pf.test", recipients, object);
        }
    }

    static Path corpus() {
        return CpmMssTestServer.shippedConfDirectory().getParent()
            .resolve("james-extensions/src/test/resources/hostile");
    }

    static Map<String, String> expected2xx() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(corpus().resolve("expected-2xx.txt"), StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] parts = trimmed.split("\\s+", 2);
                out.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return out;
    }

    static List<Path> cases() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus())) {
            files.filter(Files::isRegularFile)
                .filter(p -> p.getParent() != null && !p.getParent().equals(corpus()))
                .filter(p -> p.toString().endsWith(".eml") || p.toString().endsWith(".txt"))
                .sorted().forEach(out::add);
        }
        return out;
    }

    /** Per-folder digests of a user's store. */
    static Map<String, String> folders(String user) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (org.cpmmss.james.testing.ImapConnection imap = org.cpmmss.james.testing.ImapConnection.login(server.imapPort(), user, "pw")) {
            for (String name : SecurityFixtures.folders(imap)) {
                List<String> select = imap.command("EXAMINE " + SecurityFixtures.quote(name));
                StringBuilder content = new StringBuilder();
                if (select.get(select.size() - 1).matches("^a\\d+ OK.*") && !select.contains("* 0 EXISTS")) {
                    imap.expectOk("UID FETCH 1:* (UID FLAGS BODY.PEEK[])").stream().filter(l -> l.startsWith("* "))
                        .forEach(l -> content.append(l).append('\n'));
                }
                out.put(name, Integer.toHexString(content.toString().hashCode()) + ":" + content.length());
            }
        }
        return out;
    }

    @Test
    void everyHostileCaseIsRefusedAndChangesNothingStoredBefore() throws Exception {
        Map<String, String> recipientBefore = folders(RECIPIENT);
        String bystanderBefore = SecurityFixtures.snapshot(server.imapPort(), BYSTANDER, "pw");
        Map<String, String> allowed = expected2xx();
        List<Path> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(75);

        List<String> wrong = new ArrayList<>();
        for (Path file : cases) {
            String id = corpus().relativize(file).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(file);
            String reply;
            try {
                List<String> replies = lmtp(List.of(RECIPIENT), bytes);
                reply = String.join(" | ", replies);
            } catch (IOException e) {
                reply = "connection failed: " + e.getMessage();
            }
            boolean ok = allowed.containsKey(id) ? reply.startsWith("2") : reply.matches("(?s)^5\\d\\d .*");
            if (!ok) {
                wrong.add(id + " -> " + reply);
            }
            System.out.println("hostile " + id + " -> " + reply.replace("\r", "").replace("\n", " "));
        }
        assertThat(wrong).as("cases answered otherwise than expected").isEmpty();

        assertThat(SecurityFixtures.snapshot(server.imapPort(), BYSTANDER, "pw")).as("bystander's store").isEqualTo(bystanderBefore);

        Map<String, String> recipientAfter = folders(RECIPIENT);
        // INBOX is excluded: input without any CPM header is plain mail, delivered to INBOX (docs/pipeline.md);
        // expected-2xx.txt lists those cases. Every other folder that existed before is unchanged.
        recipientBefore.forEach((name, digest) -> {
            if (!name.equals("INBOX")) {
                assertThat(recipientAfter.get(name)).as("recipient folder " + name).isEqualTo(digest);
            }
        });
        // folders created by accepted cases stay inside the recipient's own namespace
        recipientAfter.keySet().stream().filter(n -> !recipientBefore.containsKey(n)).forEach(n ->
            assertThat(n).as("new folder").startsWith("Default/").doesNotContain("..").doesNotContain("#"));

        // the server is up and still stores a valid object
        assertThat(lmtp(List.of(BYSTANDER), chat("tel:+33611113333", "tel:+33622222222", "after-conv", "after-contrib",
            "after-1", "stored after"))).isNotEmpty().allMatch(r -> r.startsWith("250"));
        assertThat(folders(BYSTANDER)).containsKey("Default/tel:+33611113333");
    }
}

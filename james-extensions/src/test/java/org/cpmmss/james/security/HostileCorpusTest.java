package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.security.SecurityFixtures.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays every case of src/test/resources/hostile/ (see its README) against one live server, on every door
 * it applies to: CPM objects ({@code .eml}) over LMTP and SMTP, their CPIM bodies ({@code cpim/}) as SIP MESSAGE
 * bodies, raw SIP requests ({@code sip/*.sip}) over UDP and TCP, HTTP requests ({@code http-json/*.http}) to the
 * ingest routes with a pf token. Each case gets a clear refusal (5xx over LMTP, a {@code cpm-refused} entry with
 * its reason for spooled SMTP, a SIP 4xx, an HTTP 400/413/415 problem+json), unless hostile/expected-2xx.txt lists
 * it with the reason it is accepted. The server stays up, and what was stored before — the recipient's existing
 * folders and a bystander's whole store — is byte-for-byte unchanged at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest {
    static final String DOMAIN = "example.com";
    static final String RECIPIENT = "+33688888888@" + DOMAIN;
    static final String BYSTANDER = "+33622222222@" + DOMAIN;
    static final String PF_TOKEN = "hostile-corpus-pf-token-0123456789";
    static final String REFUSED_REPOSITORY = "/mailRepositories/var%2Fmail%2Fcpm-refused%2F/mails";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.limits.max-object-size", "262144")
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf")
        .replace("sipserver.properties", "sip.max-message-size=1048576", "sip.max-message-size=20000")
        // tel: addresses of the SIP and HTTP doors map to +E164@example.com, the corpus recipient's domain
        .defaultDomain(DOMAIN)
        .build();
    static Map<String, String> recipientBefore;
    static String bystanderBefore;
    static final Map<String, String> lmtpReplies = new LinkedHashMap<>();

    @BeforeAll
    static void accountsAndBaseline() throws Exception {
        if (server.webAdmin().send("GET", "/domains/" + DOMAIN, null).statusCode() != 204) {
            server.webAdmin().addDomain(DOMAIN);
        }
        server.webAdmin().addUser(RECIPIENT, "pw");
        server.webAdmin().addUser(BYSTANDER, "pw");
        assertThat(lmtp(List.of(RECIPIENT, BYSTANDER),
            chat("tel:+33611112222", "tel:+33688888888", "before-conv", "before-contrib", "before-1", "stored before")))
            .isNotEmpty().allMatch(r -> r.startsWith("250"));
        recipientBefore = folders(RECIPIENT);
        bystanderBefore = SecurityFixtures.snapshot(server.imapPort(), BYSTANDER, "pw");
    }

    static List<String> lmtp(List<String> recipients, byte[] object) throws IOException {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), recipients, object);
    }

    static Path corpus() {
        return CpmMssTestServer.shippedConfDirectory().getParent()
            .resolve("james-extensions/src/test/resources/hostile");
    }

    static Map<String, String> expected2xx() throws IOException {
        return listed("expected-2xx.txt");
    }

    static List<Path> cases(String extension) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus())) {
            files.filter(Files::isRegularFile)
                .filter(p -> p.getParent() != null && !p.getParent().equals(corpus()))
                .filter(p -> p.toString().endsWith(extension))
                .sorted().forEach(out::add);
        }
        return out;
    }

    static String id(Path file) {
        return corpus().relativize(file).toString().replace('\\', '/');
    }

    /** Per-folder digests of a user's store. */
    static Map<String, String> folders(String user) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, "pw")) {
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

    static void report(String door, String id, String reply) {
        System.out.println("hostile [" + door + "] " + id + " -> " + reply.replace("\r", "").replace("\n", " "));
    }

    @Test
    @Order(1)
    void theCorpusHasEveryCategory() throws Exception {
        Map<String, Long> perCategory = new TreeMap<>();
        try (Stream<Path> files = Files.walk(corpus())) {
            files.filter(Files::isRegularFile).filter(p -> !p.getParent().equals(corpus()))
                .filter(p -> !p.getFileName().toString().equals("README.md"))
                .forEach(p -> perCategory.merge(corpus().relativize(p).getName(0).toString(), 1L, Long::sum));
        }
        assertThat(perCategory.keySet()).contains("cpim", "imdn", "group-state", "session-ft", "mime-bombs",
            "folder-injection", "oversized-truncated", "sip", "http-json");
        assertThat(perCategory.values()).allMatch(n -> n >= 15);
        assertThat(perCategory.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(200);
        assertThat(expected2xx().keySet()).as("expected-2xx.txt names existing cases")
            .allMatch(id -> Files.exists(corpus().resolve(id.replaceFirst("^sip:", ""))));
        assertThat(expected2xx().values()).as("no case is accepted as an open finding").noneMatch(why -> why.contains("OPEN"));
    }

    @Test
    @Order(2)
    void everyObjectIsRefusedOverLmtp() throws Exception {
        Map<String, String> allowed = expected2xx();
        List<String> wrong = new ArrayList<>();
        for (Path file : cases(".eml")) {
            String id = id(file);
            String reply;
            try {
                reply = String.join(" | ", lmtp(List.of(RECIPIENT), Files.readAllBytes(file)));
            } catch (IOException e) {
                reply = "connection failed: " + e.getMessage();
            }
            lmtpReplies.put(id, reply);
            boolean ok = allowed.containsKey(id) ? reply.startsWith("2") : reply.matches("(?s)^5\\d\\d .*");
            if (!ok) {
                wrong.add(id + " -> " + reply);
            }
            report("lmtp", id, reply);
        }
        assertThat(lmtpReplies).hasSizeGreaterThanOrEqualTo(150);
        assertThat(wrong).as("LMTP answers other than expected").isEmpty();
    }

    @Test
    @Order(3)
    void everyObjectRefusedOverLmtpIsRefusedWithItsReasonOverSpooledSmtp() throws Exception {
        java.util.Set<String> before = refusedEntries().keySet();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        java.util.Set<String> overlongLine = new java.util.TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (Path file : cases(".eml")) {
            String id = id(file);
            String reply;
            try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
                reply = String.join(" | ", smtp.send("pf@pf.test", List.of(RECIPIENT), Files.readAllBytes(file)));
            } catch (IOException e) {
                reply = "connection failed: " + e.getMessage();
            }
            report("smtp", id, reply);
            String overLmtp = lmtpReplies.getOrDefault(id, "");
            if (reply.startsWith("250")) {
                // spooled: the pipeline refuses it later, into cpm-refused, exactly when LMTP refused it
                if (overLmtp.startsWith("5")) {
                    expected.add(caseMessageId(id));
                } else if (!overLmtp.startsWith("2")) {
                    wrong.add(id + " -> SMTP " + reply + " but LMTP " + overLmtp);
                }
            } else if (!reply.matches("(?s)^5\\d\\d .*")) {
                wrong.add(id + " -> " + reply);
            } else if (reply.startsWith("500 Line length exceeded")) {
                overlongLine.add(caseMessageId(id));
            }
        }
        assertThat(wrong).as("SMTP answers other than expected").isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> refusedEntries().keySet().containsAll(expected));
        Map<String, String> reasons = refusedEntries();
        reasons.keySet().removeAll(before);
        reasons.forEach((key, reason) -> report("smtp-refused", key, reason));
        assertThat(reasons.values()).as("every cpm-refused entry carries its reason").allMatch(r -> r.contains("refused"));
        java.util.Set<String> unexpected = new java.util.TreeSet<>(reasons.keySet());
        unexpected.removeAll(expected);
        // Open finding (docs/security.md): an over-long line in the body is answered 500 over SMTP, yet the cut
        // message is spooled and then refused by the pipeline; nothing is stored.
        unexpected.removeAll(overlongLine);
        assertThat(unexpected).as("cpm-refused entries for objects that SMTP did not accept").isEmpty();
    }

    /** The IMDN-Message-ID generate.py gives a case: h-<category>-<name>. */
    static String caseMessageId(String id) {
        String name = id.substring(id.indexOf('/') + 1);
        return "h-" + id.substring(0, id.indexOf('/')) + "-" + name.substring(0, name.lastIndexOf('.'));
    }

    /** The cpm-refused repository: the case's IMDN-Message-ID (h-...) or mail key → the error message. */
    static Map<String, String> refusedEntries() throws Exception {
        Map<String, String> out = new TreeMap<>();
        String list = server.webAdmin().send("GET", REFUSED_REPOSITORY + "?limit=100000", null).body();
        java.util.regex.Matcher keys = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(list);
        while (keys.find()) {
            String key = keys.group(1);
            String detail = server.webAdmin().send("GET", REFUSED_REPOSITORY + "/"
                + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20") + "?additionalFields=headers", null).body();
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?<![A-Za-z0-9])h-(cpim|imdn|group-state|session-ft|mime-bombs|folder-injection|oversized-truncated)-[a-z0-9-]+").matcher(detail);
            java.util.regex.Matcher error = java.util.regex.Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"").matcher(detail);
            out.put(id.find() ? id.group() : key, error.find() ? error.group(1) : detail);
        }
        return out;
    }

    @Test
    @Order(4)
    void everyMalformedSipRequestIsRefusedOverUdpAndTcp() throws Exception {
        Map<String, String> allowed = expected2xx();
        List<String> wrong = new ArrayList<>();
        try (RawSipClient sip = new RawSipClient(server.sipPort())) {
            int n = 0;
            for (Path file : cases(".sip")) {
                String id = id(file);
                byte[] request = Files.readAllBytes(file);
                List<String> transports = id.endsWith("-udp.sip") ? List.of("udp") : List.of("udp", "tcp");
                for (String transport : transports) {
                    String status = sip.send(transport, request, "hostile-" + (n++));
                    report("sip-" + transport, id, status);
                    boolean ok;
                    if (allowed.containsKey("sip:" + id)) {
                        ok = status.startsWith("SIP/2.0 2") || transport.equals("tcp") && (refusal(status) || status.equals("connection closed"));
                    } else if (transport.equals("udp")) {
                        ok = refusal(status);
                    } else {
                        // over TCP the stack closes the connection when it cannot find the message's end (a
                        // Content-Length that is not a number): a refusal or a closed connection, never a 2xx
                        ok = refusal(status) || status.equals("connection closed");
                    }
                    if (!ok) {
                        wrong.add(id + " over " + transport + " -> " + status);
                    }
                }
            }
            assertThat(wrong).as("SIP answers other than expected").isEmpty();
        }
    }

    /** A SIP refusal: a 4xx, or 505 for a SIP version other than 2.0. */
    static boolean refusal(String status) {
        return status.matches("(?s)^SIP/2\\.0 (4\\d\\d|505) .*");
    }

    static Map<String, String> listed(String file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(corpus().resolve(file), StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] parts = trimmed.split("\\s+", 2);
                out.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return out;
    }

    @Test
    @Order(5)
    void everyHostileCpimBodyIsRefusedOverSip() throws Exception {
        Map<String, String> allowed = expected2xx();
        List<String> wrong = new ArrayList<>();
        try (RawSipClient sip = new RawSipClient(server.sipPort())) {
            int n = 0;
            for (Path file : cases(".eml")) {
                String id = id(file);
                if (!id.startsWith("cpim/")) {
                    continue;
                }
                byte[] cpim = RawSipClient.bodyOf(Files.readAllBytes(file));
                String status = sip.send("tcp", RawSipClient.message(cpim), "hostile-cpim-" + (n++));
                report("sip-cpim", id, status);
                if (!(allowed.containsKey("sip:" + id) ? status.startsWith("SIP/2.0 2") : status.matches("(?s)^SIP/2\\.0 4\\d\\d .*"))) {
                    wrong.add(id + " -> " + status);
                }
            }
        }
        assertThat(wrong).as("SIP answers to hostile CPIM bodies other than expected").isEmpty();
    }

    @Test
    @Order(6)
    void everyMalformedHttpIngestGetsAProblem() throws Exception {
        List<String> wrong = new ArrayList<>();
        RawHttpClient http = new RawHttpClient(server.httpPort(), PF_TOKEN);
        for (Path file : cases(".http")) {
            String id = id(file);
            RawHttpClient.Reply reply = http.send(Files.readAllBytes(file));
            report("http", id, reply.toString());
            // 404 is the documented answer for an owner that is not a user here (docs/http-api.md)
            if (!(List.of(400, 404, 413, 415).contains(reply.status()) && reply.contentType().startsWith("application/problem+json")
                && reply.body().contains("\"detail\""))) {
                wrong.add(id + " -> " + reply);
            }
        }
        assertThat(wrong).as("HTTP answers other than 400/404/413/415 problem+json").isEmpty();
    }

    @Test
    @Order(7)
    void theServerIsUpAndNothingStoredBeforeChanged() throws Exception {
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

        // every door still serves: a valid object over LMTP, SIP and HTTP
        assertThat(lmtp(List.of(BYSTANDER), chat("tel:+33611113333", "tel:+33622222222", "after-conv", "after-contrib",
            "after-1", "stored after"))).isNotEmpty().allMatch(r -> r.startsWith("250"));
        assertThat(folders(BYSTANDER)).containsKey("Default/tel:+33611113333");
        try (RawSipClient sip = new RawSipClient(server.sipPort())) {
            byte[] valid = RawSipClient.bodyOf(chat("tel:+33677777777", "tel:+33688888888", "c", "c", "sip-after", "after"));
            assertThat(sip.send("udp", RawSipClient.message(valid), "hostile-after")).startsWith("SIP/2.0 200");
        }
        RawHttpClient.Reply http = new RawHttpClient(server.httpPort(), PF_TOKEN).send(("POST /cpm/v1/standalone-messages\r\n"
            + "Content-Type: application/json\r\n\r\n{\"from\":\"tel:+33677777777\",\"to\":[\"tel:+33688888888\"],"
            + "\"conversationId\":\"http-after\",\"imdnMessageId\":\"http-after\",\"text\":\"after\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(http.status()).as(http.toString()).isEqualTo(201);
    }
}

package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by a version without the text index ({@code <data>/lucene-text} absent beside James's
 * index) gets its messages re-indexed in the background at the first start, so substring SEARCH finds messages
 * stored before the upgrade.
 */
class TextIndexUpgradeTest {
    @TempDir
    static Path work;

    @Test
    void messagesStoredBeforeTheTextIndexExistedAreFoundAfterTheNextStart() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work).start();
        try {
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser("upgrader@example.com", "secret");
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), "upgrader@example.com", "secret")) {
                imap.expectOk("CREATE Old");
                imap.commandWithLiteral("APPEND Old ()", "From: a@example.net\r\nSubject: old\r\n\r\nthe lighthouse keeper\r\n"
                    .getBytes(StandardCharsets.UTF_8));
                imap.expectOk("SELECT Old");
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(imap.expectOk("SEARCH BODY \"ouse kee\"").get(0)).isEqualTo("* SEARCH 1"));
            }
            server.stop();
            Path textIndex = server.dataDirectory().resolve("lucene-text");
            assertThat(textIndex).isDirectory();
            try (Stream<Path> files = Files.walk(textIndex)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            server.start();
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), "upgrader@example.com", "secret")) {
                imap.expectOk("SELECT Old");
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(imap.expectOk("SEARCH BODY \"ouse kee\"").get(0)).isEqualTo("* SEARCH 1"));
            }
        } finally {
            server.close();
        }
    }
}

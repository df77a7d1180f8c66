package org.cpmmss.james.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A FETCH of a range larger than one of the stored path's reads ({@link StoredFetchRows#CHUNK} messages) answers
 * every message once, in order, exactly as James's processor does: a conversation of more than two reads, with UIDs
 * missing at the first read's end and inside the third, and ranges that start and end inside a read.
 */
class StoredFetchChunksTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final int MESSAGES = 2 * StoredFetchRows.CHUNK + 120;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new FetchPathSwitch())
        .domain(DOMAIN)
        .build();

    @Test
    void aRangeOfSeveralReadsIsAnsweredAsJamesAnswersIt() throws Exception {
        String user = "chunks@" + DOMAIN;
        server.webAdmin().addUser(user, PASSWORD);
        String folder = "\"Default/tel:+33611111111\"";
        int chunk = StoredFetchRows.CHUNK;
        try (ImapConnection other = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            other.command("CREATE Default");
            other.expectOk("CREATE " + folder);
            for (int i = 1; i <= MESSAGES; i++) {
                other.commandWithLiteral("APPEND " + folder + " ()",
                    ("Subject: message " + i + "\r\nMessage-ID: <" + i + "@chunks>\r\n\r\nbody " + i + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            other.expectOk("SELECT " + folder);
            // gaps: the last UIDs of the first read and the first of the second, one inside the third
            other.expectOk("UID STORE " + (chunk - 1) + ":" + (chunk + 2) + "," + (2 * chunk + 7) + " +FLAGS (\\Deleted)");
            other.expectOk("EXPUNGE");
            other.expectOk("UID STORE 3," + (chunk + 40) + " +FLAGS (\\Seen $cpm-read)");
            try (ImapConnection james = ImapConnection.login(server.imapPort(), user, PASSWORD);
                 ImapConnection stored = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
                String select = "SELECT " + folder + " (CONDSTORE)";
                james.expectOk(select);
                stored.expectOk(select);
                for (String fetch : List.of(
                    "UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])",
                    "UID FETCH 1:* (BODY.PEEK[])",
                    "FETCH 1:* (UID RFC822.SIZE)",
                    "UID FETCH " + (chunk - 3) + ":" + (2 * chunk + 20) + " (UID FLAGS BODY.PEEK[HEADER])",
                    "UID FETCH " + (chunk + 3) + ":* (BODY.PEEK[] UID)")) {
                    List<String> byJames = StoredFetchCorpus.sameAnswers(james, stored, fetch);
                    assertThat(ImapConnection.last(byJames)).as(fetch).contains(" OK ");
                }
                List<String> whole = stored.command("UID FETCH 1:* (UID)");
                assertThat(whole.stream().filter(line -> line.startsWith("* ")).count())
                    .as("every message once").isEqualTo(MESSAGES - 5);
            }
        }
    }
}

package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3501 resp-text: the [CLOSED] response code of QRESYNC (RFC 7162) comes with text, as strict clients require. */
class ClosedResponseTextTest {
    @TempDir
    Path work;

    @Test
    void selectingAnotherMailboxUnderQresyncAnswersClosedWithText() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.start();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser("quinn@example.com", "pw");
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), "quinn@example.com", "pw")) {
                imap.expectOk("CREATE Other");
                imap.expectOk("ENABLE QRESYNC");
                imap.expectOk("SELECT INBOX");
                List<String> select = imap.expectOk("SELECT Other");
                assertThat(select).contains("* OK [CLOSED] Previous mailbox closed.");
            }
        }
    }
}

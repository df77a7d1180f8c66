package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.chat;

import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recording preference the pipeline reads (kept per account on the embedded store until the next change of any
 * folder's entries or names) is the one a real IMAP client set a moment before: each SETMETADATA, its removal (NIL),
 * and a RENAME of the INBOX is honoured by the very next LMTP object, whose verdict agrees with GETMETADATA.
 */
class PreferencesSeenFreshTest {
    static final String DOMAIN = "example.com";
    static final String ENTRY = "/private/vendor/cpm/recording";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder().domain(DOMAIN).build();

    private int sent;

    private static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    /** One new chat object for both owners: the second owner's LMTP answer. */
    private String deliver(String first, String second) throws Exception {
        sent++;
        List<String> replies = MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(first, second),
            chat("tel:+33600000090", "tel:+33600000091", "fresh-conv", "fresh-1", "fresh-msg-" + sent, "text " + sent));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).startsWith("250").contains("stored");
        return replies.get(1);
    }

    private static void assertRecorded(String reply) {
        assertThat(reply).startsWith("250").contains("stored").doesNotContain("not recorded");
    }

    private static void assertNotRecorded(String reply) {
        assertThat(reply).startsWith("250").contains("not recorded (policy)");
    }

    @Test
    void eachChangeOverImapIsHonouredByTheNextObject() throws Exception {
        String ivan = user("+33600000090");
        String judy = user("+33600000091");
        // read (and kept) before any change, for an account with and without an INBOX
        assertRecorded(deliver(ivan, judy));
        assertRecorded(deliver(ivan, judy));
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), judy, "pw")) {
            imap.expectOk("SELECT INBOX");
            assertRecorded(deliver(ivan, judy));

            imap.expectOk("SETMETADATA INBOX (" + ENTRY + " \"off\")");
            assertNotRecorded(deliver(ivan, judy));
            assertNotRecorded(deliver(ivan, judy));

            imap.expectOk("SETMETADATA INBOX (" + ENTRY + " \"on\")");
            assertRecorded(deliver(ivan, judy));

            imap.expectOk("SETMETADATA INBOX (" + ENTRY + " \"off\")");
            assertNotRecorded(deliver(ivan, judy));
            imap.expectOk("SETMETADATA INBOX (" + ENTRY + " NIL)"); // removed: the default (on)
            assertRecorded(deliver(ivan, judy));

            // a refused value changes nothing
            assertThat(ImapConnection.last(imap.command("SETMETADATA INBOX (" + ENTRY + " \"maybe\")"))).contains("NO");
            assertRecorded(deliver(ivan, judy));

            imap.expectOk("SETMETADATA INBOX (" + ENTRY + " \"off\")");
            assertNotRecorded(deliver(ivan, judy));
            imap.expectOk("UNSELECT");
            imap.expectOk("RENAME INBOX Before");
            String reply = deliver(ivan, judy);
            List<String> metadata = imap.expectOk("GETMETADATA INBOX (" + ENTRY + ")");
            boolean off = String.join("\n", metadata).toLowerCase().contains("\"off\"");
            if (off) {
                assertNotRecorded(reply);
            } else {
                assertRecorded(reply);
            }
        }
    }
}

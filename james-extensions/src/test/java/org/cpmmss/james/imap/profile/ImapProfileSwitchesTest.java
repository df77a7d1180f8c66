package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switches of conf/imap-profile.properties: off gives stock James; a data directory keeps its delimiter. */
class ImapProfileSwitchesTest {
    @TempDir
    Path work;

    static void switchesOff(CpmMssTestServer server) {
        for (String key : new String[] {ImapProfileConfiguration.HIERARCHY_DELIMITER_SLASH, ImapProfileConfiguration.CONDSTORE_ADVERTISED,
            ImapProfileConfiguration.REQUEST_ORDER_RESPONSES, ImapProfileConfiguration.ATOM_MAILBOX_NAMES}) {
            server.replace(ImapProfileConfiguration.FILE_NAME, key + "=true", key + "=false");
        }
        for (String key : ImapProfileConfiguration.DOVECOT_SHAPES) {
            server.replace(ImapProfileConfiguration.FILE_NAME, key + "=true", key + "=false");
        }
    }

    @Test
    void switchesOffGiveStockJamesAndTheDataDirectoryRefusesTheOtherDelimiter() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        switchesOff(server);
        try (server) {
            server.start();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser("alice@example.com", "secret");
            try (ImapConnection imap = new ImapConnection(server.imapPort())) {
                assertThat(imap.expectOk("LOGIN alice@example.com secret")).containsExactly(imap.lastTag() + " OK LOGIN completed.");
                assertThat(imap.expectOk("CAPABILITY").get(0)).doesNotContain("CONDSTORE").contains("QRESYNC");
                assertThat(imap.command("ENABLE CONDSTORE").get(0)).isNotEqualTo("* ENABLED CONDSTORE");
                assertThat(imap.expectOk("NAMESPACE").get(0)).isEqualTo("* NAMESPACE ((\"\" \".\")) NIL NIL");
                imap.expectOk("CREATE Default.sub");
                assertThat(imap.expectOk("LIST \"\" \"Default*\"")).containsExactly(
                    "* LIST (\\HasChildren) \".\" \"Default\"",
                    "* LIST (\\HasNoChildren) \".\" \"Default.sub\"",
                    imap.lastTag() + " OK LIST completed.");
                imap.commandWithLiteral("APPEND Default.sub (\\Seen)", "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(imap.expectOk("STATUS Default.sub (UIDNEXT MESSAGES)").get(0)).isEqualTo("* STATUS \"Default.sub\" (MESSAGES 1 UIDNEXT 2)");
                assertThat(imap.expectOk("LIST \"\" \"Default*\" RETURN (STATUS (MESSAGES))").get(0)).isEqualTo("* LIST (\\HasChildren) \".\" \"Default\"");
                List<String> select = imap.expectOk("SELECT Default.sub");
                assertThat(select.get(0)).startsWith("* OK [MAILBOXID (");
                assertThat(select.get(1)).isEqualTo("* FLAGS (\\Answered \\Deleted \\Draft \\Flagged \\Seen)");
                assertThat(imap.expectOk("UID FETCH 1 (FLAGS UID)").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Recent \\Seen) UID 1)");
                assertThat(imap.expectOk("UID STORE 1 +FLAGS (\\Flagged)").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Flagged \\Recent \\Seen) UID 1)");
            }
        }
        assertThat(Files.readString(server.dataDirectory().resolve(HierarchyDelimiterGuard.MARKER)).trim()).isEqualTo(".");

        // the same data directory with the shipped switches (delimiter "/"): refused at start, with the reason
        Path conf = server.confDirectory();
        Files.copy(CpmMssTestServer.shippedConfDirectory().resolve(ImapProfileConfiguration.FILE_NAME),
            conf.resolve(ImapProfileConfiguration.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (server) {
            assertThatThrownBy(server::start)
                .hasStackTraceContaining("created with hierarchy delimiter '.'")
                .hasStackTraceContaining(ImapProfileConfiguration.HIERARCHY_DELIMITER_SLASH);
        }
    }

    @Test
    void aDataDirectoryWithoutRecordIsRefusedWhenItsNamesSuggestTheOtherDelimiter() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        switchesOff(server);
        try (server) {
            server.start();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser("bob@example.com", "secret");
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), "bob@example.com", "secret")) {
                imap.expectOk("CREATE Default.tel:+33612345678");
            }
        }
        Files.delete(server.dataDirectory().resolve(HierarchyDelimiterGuard.MARKER));
        Files.copy(CpmMssTestServer.shippedConfDirectory().resolve(ImapProfileConfiguration.FILE_NAME),
            server.confDirectory().resolve(ImapProfileConfiguration.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (server) {
            assertThatThrownBy(server::start).hasStackTraceContaining("Default.tel:+33612345678");
        }
    }
}

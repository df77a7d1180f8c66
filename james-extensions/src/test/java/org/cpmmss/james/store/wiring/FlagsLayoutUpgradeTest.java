package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.store.embedded.EarlierFlagsLayout;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator upgrades a data directory written before flags, keywords and MODSEQs had a table of their own: the
 * booted server moves them at start, and an IMAP client sees the folder exactly as before the upgrade (counts,
 * UIDNEXT, HIGHESTMODSEQ, every message's flags and MODSEQ), then changes flags and resyncs with CHANGEDSINCE.
 */
class FlagsLayoutUpgradeTest {
    private static final String USER = "upgrade@example.com";
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com")
        .user(USER, PASSWORD)
        .forked() // stopped as an operator stops it (SIGTERM to the real main class), started again the same way
        .build();

    private static byte[] object(int n) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: object " + n + "\r\nMessage-ID: <u" + n
            + "@pf.test>\r\n\r\nhello " + n + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String joined(List<String> lines) {
        return String.join("\n", lines);
    }

    /** The untagged lines of an answer (the tagged line's tag differs from one connection to the next). */
    private static List<String> untagged(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("* ")).toList();
    }

    private static long highestModSeq(String select) {
        Matcher m = Pattern.compile("HIGHESTMODSEQ (\\d+)").matcher(select);
        assertThat(m.find()).as(select).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aDataDirectoryInTheEarlierLayoutReadsAndChangesAsBeforeOverImap() throws Exception {
        String selectBefore;
        List<String> fetchBefore;
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            imap.expectOk("CREATE Chat");
            for (int n = 1; n <= 6; n++) {
                imap.commandWithLiteral("APPEND Chat" + (n % 2 == 0 ? " (\\Seen $label1)" : ""), object(n));
            }
            imap.expectOk("SELECT Chat (CONDSTORE)");
            imap.expectOk("UID STORE 3 +FLAGS.SILENT (\\Flagged)");
            imap.expectOk("UID STORE 5 +FLAGS.SILENT (\\Deleted)");
            imap.expectOk("EXPUNGE");
            imap.expectOk("UNSELECT");
            selectBefore = joined(imap.expectOk("EXAMINE Chat (CONDSTORE)"));
            fetchBefore = untagged(imap.expectOk("UID FETCH 1:* (FLAGS MODSEQ)"));
        }
        assertThat(server.server().terminateForked()).as("a clean stop").isNotNull();
        Path store = server.dataDirectory().resolve(NativeMailboxModule.STORE_DIRECTORY);
        assertThat(store.resolve("meta.mv.db")).exists();
        EarlierFlagsLayout.apply(store);

        server.server().startForked();

        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            String select = joined(imap.expectOk("EXAMINE Chat (CONDSTORE)"));
            assertThat(select).as(select + "\nBEFORE\n" + selectBefore).contains("* 5 EXISTS").contains("UIDNEXT 7");
            assertThat(highestModSeq(select)).isEqualTo(highestModSeq(selectBefore));
            assertThat(untagged(imap.expectOk("UID FETCH 1:* (FLAGS MODSEQ)"))).isEqualTo(fetchBefore);
            imap.expectOk("UNSELECT");

            long highest = highestModSeq(joined(imap.expectOk("SELECT Chat (CONDSTORE)")));
            imap.expectOk("UID STORE 1 +FLAGS.SILENT (\\Seen)");
            String changed = joined(imap.expectOk("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + highest + ")"));
            assertThat(changed).contains("UID 1").contains("\\Seen").doesNotContain("UID 2 ").doesNotContain("UID 3 ");
            assertThat(joined(imap.expectOk("UID SEARCH KEYWORD $label1"))).contains("SEARCH 2 4 6");
        }
    }
}

package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.recording.preferences.CpmPreference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * The five preference entries of the contract (design.md "Preferences and policies") over IMAP METADATA, on the
 * wire with exact lines: clients use the contract names, James keeps the values under the stored keys.
 */
class PreferenceEntriesWireTest {
    private static final String PASSWORD = "secret";
    private static final Map<CpmPreference, String> NON_DEFAULT = Map.of(
        CpmPreference.RECORDING, "off",
        CpmPreference.DEFERRED_DELIVERY, "push",
        CpmPreference.DEFERRED_EXPIRY, "delete",
        CpmPreference.DO_NOT_DISTURB, "on",
        CpmPreference.REJECT_WHEN_OFFLINE, "on");

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(AnnotationProbe.class);
            }
        })
        .domain("example.com")
        .user("each@example.com", PASSWORD).user("mixed@example.com", PASSWORD).user("depth@example.com", PASSWORD)
        .user("hidden@example.com", PASSWORD).user("other@example.com", PASSWORD).user("invalid@example.com", PASSWORD)
        .user("restart@example.com", PASSWORD).user("literal@example.com", PASSWORD)
        .build();

    /** What James holds, read through the mailbox manager (as the recording pipeline and the HTTP door read it). */
    public static class AnnotationProbe implements GuiceProbe {
        private final MailboxManager mailboxManager;

        @Inject
        public AnnotationProbe(MailboxManager mailboxManager) {
            this.mailboxManager = mailboxManager;
        }

        public Map<String, String> inboxAnnotations(String user) throws Exception {
            MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
            return mailboxManager.getAllAnnotations(MailboxPath.inbox(session), session).stream()
                .filter(annotation -> annotation.getValue().isPresent())
                .collect(Collectors.toMap(annotation -> annotation.getKey().asString(), annotation -> annotation.getValue().get()));
        }
    }

    private static ImapConnection login(String user) throws Exception {
        return ImapConnection.login(server.imapPort(), user + "@example.com", PASSWORD);
    }

    private static Map<String, String> stored(String user) throws Exception {
        return server.guice().getProbe(AnnotationProbe.class).inboxAnnotations(user + "@example.com");
    }

    /** The entry/value pairs of a {@code * METADATA "INBOX" (...)} line, in line order. */
    private static List<String> pairs(String metadataLine) {
        assertThat(metadataLine).startsWith("* METADATA \"INBOX\" (").endsWith(")");
        Matcher matcher = Pattern.compile("(\\S+) \"([^\"]*)\"").matcher(
            metadataLine.substring("* METADATA \"INBOX\" (".length(), metadataLine.length() - 1));
        List<String> pairs = new ArrayList<>();
        while (matcher.find()) {
            pairs.add(matcher.group(1) + "=" + matcher.group(2));
        }
        return pairs;
    }

    @Test
    void eachContractEntryIsSetAndReadUnderItsContractName() throws Exception {
        try (ImapConnection imap = login("each")) {
            for (CpmPreference preference : CpmPreference.values()) {
                String value = NON_DEFAULT.get(preference);
                assertThat(imap.command("SETMETADATA INBOX (" + preference.entry() + " \"" + value + "\")"))
                    .containsExactly(imap.lastTag() + " OK SETMETADATA completed.");
                assertThat(imap.command("GETMETADATA INBOX " + preference.entry())).containsExactly(
                    "* METADATA \"INBOX\" (" + preference.entry() + " \"" + value + "\")",
                    imap.lastTag() + " OK GETMETADATA completed.");
            }
            // entry names are case-insensitive; the answer names the contract entry
            assertThat(imap.command("GETMETADATA \"INBOX\" (/Private/Vendor/CPM/Do-Not-Disturb)")).containsExactly(
                "* METADATA \"INBOX\" (/private/vendor/cpm/do-not-disturb \"on\")",
                imap.lastTag() + " OK GETMETADATA completed.");
            imap.expectOk("SETMETADATA INBOX (/PRIVATE/VENDOR/CPM/DEFERRED-EXPIRY \"handover\")");
            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/deferred-expiry")).containsExactly(
                "* METADATA \"INBOX\" (/private/vendor/cpm/deferred-expiry \"handover\")",
                imap.lastTag() + " OK GETMETADATA completed.");
            // NIL removes the entry (absent = operator default)
            assertThat(imap.command("SETMETADATA INBOX (/private/vendor/cpm/reject-when-offline NIL)"))
                .containsExactly(imap.lastTag() + " OK SETMETADATA completed.");
            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/reject-when-offline")).containsExactly(
                "* METADATA \"INBOX\"",
                imap.lastTag() + " OK GETMETADATA completed.");
        }
        // James holds the values under the stored keys, and nothing under the contract names
        assertThat(stored("each")).isEqualTo(Map.of(
            "/private/vendor/cpm/recording", "off",
            "/private/vendor/cpm/deferreddelivery", "push",
            "/private/vendor/cpm/deferredexpiry", "handover",
            "/private/vendor/cpm/donotdisturb", "on"));
    }

    @Test
    void severalEntriesInOneCommandMixingContractAndOtherEntries() throws Exception {
        try (ImapConnection imap = login("mixed")) {
            assertThat(imap.command("SETMETADATA INBOX (/private/vendor/cpm/do-not-disturb \"on\" /private/comment \"hello\""
                + " /private/vendor/cpm/deferred-delivery \"notify\")"))
                .containsExactly(imap.lastTag() + " OK SETMETADATA completed.");
            List<String> lines = imap.command("GETMETADATA INBOX (/private/vendor/cpm/do-not-disturb /private/comment)");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).isEqualTo(imap.lastTag() + " OK GETMETADATA completed.");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/do-not-disturb=on", "/private/comment=hello");

            // no entry named: every entry of the mailbox, preferences under their contract names
            lines = imap.command("GETMETADATA INBOX");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/do-not-disturb=on", "/private/comment=hello", "/private/vendor/cpm/deferred-delivery=notify");
            assertThat(lines.get(1)).isEqualTo(imap.lastTag() + " OK GETMETADATA completed.");
        }
    }

    @Test
    void depthAndMaxsizeWorkWithContractNames() throws Exception {
        try (ImapConnection imap = login("depth")) {
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\" /private/vendor/cpm/deferred-delivery \"handover\""
                + " /private/vendor/cpm/do-not-disturb \"on\" /private/vendor/cpm/reject-when-offline \"off\""
                + " /private/comment \"c\" /private/comment/a \"ca\" /private/comment/a/b \"cab\")");

            // DEPTH on a contract entry (it has no children), alone and with another entry
            assertThat(imap.command("GETMETADATA INBOX (DEPTH 1) (/private/vendor/cpm/do-not-disturb)")).containsExactly(
                "* METADATA \"INBOX\" (/private/vendor/cpm/do-not-disturb \"on\")",
                imap.lastTag() + " OK GETMETADATA completed.");
            List<String> lines = imap.command("GETMETADATA INBOX (DEPTH 1) (/private/vendor/cpm/deferred-delivery /private/comment)");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/deferred-delivery=handover", "/private/comment=c", "/private/comment/a=ca");
            assertThat(lines.get(1)).isEqualTo(imap.lastTag() + " OK GETMETADATA completed.");
            lines = imap.command("GETMETADATA INBOX (DEPTH infinity) (/private/vendor/cpm/deferred-delivery /private/comment)");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/deferred-delivery=handover", "/private/comment=c", "/private/comment/a=ca", "/private/comment/a/b=cab");

            // MAXSIZE counts the value: "handover" (8) is left out and reported as the longest entry
            assertThat(imap.command("GETMETADATA INBOX (MAXSIZE 3) (/private/vendor/cpm/deferred-delivery /private/vendor/cpm/do-not-disturb)"))
                .containsExactly(
                    "* METADATA \"INBOX\" (/private/vendor/cpm/do-not-disturb \"on\")",
                    imap.lastTag() + " OK [METADATA LONGENTRIES 8] GETMETADATA completed.");
            // both options, in separate groups (as James) or in one group (RFC 5464 allows it, James does not)
            lines = imap.command("GETMETADATA INBOX (DEPTH 1) (MAXSIZE 3) (/private/vendor/cpm/reject-when-offline /private/comment)");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/reject-when-offline=off", "/private/comment=c", "/private/comment/a=ca");
            assertThat(lines.get(1)).isEqualTo(imap.lastTag() + " OK GETMETADATA completed.");
            lines = imap.command("GETMETADATA INBOX (maxsize 2 depth infinity) (/private/vendor/cpm/recording /private/vendor/cpm/deferred-delivery /private/comment)");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder("/private/comment=c", "/private/comment/a=ca");
            assertThat(lines.get(1)).isEqualTo(imap.lastTag() + " OK [METADATA LONGENTRIES 8] GETMETADATA completed.");

            // James refuses a vendor name of fewer than 4 components, so /private/vendor/cpm cannot be a DEPTH root
            assertThat(imap.command("GETMETADATA INBOX (DEPTH 1) /private/vendor/cpm"))
                .containsExactly(imap.lastTag() + " BAD GETMETADATA failed. Illegal arguments.");
        }
    }

    @Test
    void storedKeysAreNeverShownToClientsNorAcceptedFromThem() throws Exception {
        try (ImapConnection imap = login("hidden")) {
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/do-not-disturb \"on\" /private/vendor/cpm/reject-when-offline \"on\")");
            List<String> lines = imap.command("GETMETADATA INBOX");
            assertThat(lines.get(0)).doesNotContain("donotdisturb").doesNotContain("rejectwhenoffline");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/do-not-disturb=on", "/private/vendor/cpm/reject-when-offline=on");
            lines = imap.command("GETMETADATA INBOX (DEPTH infinity) (/private/vendor/cpm/do-not-disturb /private/vendor/cpm/reject-when-offline)");
            assertThat(lines.get(0)).doesNotContain("donotdisturb").doesNotContain("rejectwhenoffline");
            assertThat(pairs(lines.get(0))).containsExactlyInAnyOrder(
                "/private/vendor/cpm/do-not-disturb=on", "/private/vendor/cpm/reject-when-offline=on");

            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/donotdisturb")).containsExactly(
                imap.lastTag() + " NO [CANNOT] /private/vendor/cpm/donotdisturb is not an entry name, use /private/vendor/cpm/do-not-disturb");
            assertThat(imap.command("GETMETADATA INBOX (/private/comment /private/vendor/cpm/RejectWhenOffline)")).containsExactly(
                imap.lastTag() + " NO [CANNOT] /private/vendor/cpm/RejectWhenOffline is not an entry name, use /private/vendor/cpm/reject-when-offline");
            assertThat(imap.command("SETMETADATA INBOX (/private/vendor/cpm/donotdisturb \"off\")")).containsExactly(
                imap.lastTag() + " NO [CANNOT] /private/vendor/cpm/donotdisturb is not an entry name, use /private/vendor/cpm/do-not-disturb");
            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/do-not-disturb")).containsExactly(
                "* METADATA \"INBOX\" (/private/vendor/cpm/do-not-disturb \"on\")",
                imap.lastTag() + " OK GETMETADATA completed.");
        }
        // a value written under the stored key by another door (HTTP API, operator tools) is shown under the contract name
        MailboxManager mailboxManager = server.guice().getProbe(AnnotationProbe.class).mailboxManager;
        MailboxSession session = mailboxManager.createSystemSession(Username.of("hidden@example.com"));
        mailboxManager.updateAnnotations(MailboxPath.inbox(session), session,
            List.of(MailboxAnnotation.newInstance(new org.apache.james.mailbox.model.MailboxAnnotationKey(
                CpmPreference.DEFERRED_EXPIRY.storedKey()), "delete")));
        try (ImapConnection imap = login("hidden")) {
            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/deferred-expiry")).containsExactly(
                "* METADATA \"INBOX\" (/private/vendor/cpm/deferred-expiry \"delete\")",
                imap.lastTag() + " OK GETMETADATA completed.");
        }
    }

    @Test
    void otherEntriesBehaveAsInJames() throws Exception {
        try (ImapConnection imap = login("other")) {
            assertThat(imap.command("SETMETADATA INBOX (/private/comment \"My comment\")"))
                .containsExactly(imap.lastTag() + " OK SETMETADATA completed.");
            assertThat(imap.command("GETMETADATA \"INBOX\" /private/comment")).containsExactly(
                "* METADATA \"INBOX\" (/private/comment \"My comment\")",
                imap.lastTag() + " OK GETMETADATA completed.");
            // a value equal to a stored key is a value, never renamed
            imap.expectOk("SETMETADATA INBOX (/shared/comment \"/private/vendor/cpm/donotdisturb\")");
            assertThat(imap.command("GETMETADATA INBOX /shared/comment")).containsExactly(
                "* METADATA \"INBOX\" (/shared/comment \"/private/vendor/cpm/donotdisturb\")",
                imap.lastTag() + " OK GETMETADATA completed.");
            // names James refuses are still refused as James does, hyphenated ones included
            assertThat(imap.command("SETMETADATA INBOX (/private/other-thing \"x\")"))
                .containsExactly(imap.lastTag() + " BAD SETMETADATA failed. Illegal arguments.");
            assertThat(imap.command("SETMETADATA INBOX (/pri*vate/comment \"x\")"))
                .containsExactly(imap.lastTag() + " BAD SETMETADATA failed. Illegal arguments.");
            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/do-not-disturb-please"))
                .containsExactly(imap.lastTag() + " BAD GETMETADATA failed. Illegal arguments.");
            assertThat(imap.command("GETMETADATA INBOX (/private/comment) (MAXSIZE 10)"))
                .containsExactly(imap.lastTag() + " BAD GETMETADATA failed. Illegal arguments.");
            // unknown commands still counted and answered by James's decoder
            assertThat(imap.command("FROBNICATE INBOX")).containsExactly(imap.lastTag() + " BAD failed. Unknown command.");
            imap.expectOk("NOOP");
        }
    }

    @Test
    void invalidValuesAreRefusedAndNothingOfTheCommandIsApplied() throws Exception {
        try (ImapConnection imap = login("invalid")) {
            assertThat(imap.command("SETMETADATA INBOX (/private/vendor/cpm/do-not-disturb \"maybe\")")).containsExactly(
                imap.lastTag() + " NO [CANNOT] /private/vendor/cpm/do-not-disturb must be on or off");
            assertThat(imap.command("SETMETADATA INBOX (/private/comment \"kept?\" /private/vendor/cpm/deferred-delivery \"later\")"))
                .containsExactly(imap.lastTag() + " NO [CANNOT] /private/vendor/cpm/deferred-delivery must be notify, push or handover");
            assertThat(imap.command("SETMETADATA INBOX (/private/vendor/cpm/deferred-expiry \"Delete\")")).containsExactly(
                imap.lastTag() + " NO [CANNOT] /private/vendor/cpm/deferred-expiry must be delete or handover");
            assertThat(imap.command("GETMETADATA INBOX")).containsExactly(
                "* METADATA \"INBOX\"",
                imap.lastTag() + " OK GETMETADATA completed.");
        }
        assertThat(stored("invalid")).isEmpty();
    }

    @Test
    void valueAsLiteral() throws Exception {
        try (ImapConnection imap = login("literal")) {
            String tag = imap.nextTag();
            imap.send(tag + " SETMETADATA INBOX (/private/vendor/cpm/deferred-delivery {4+}\r\npush)\r\n");
            assertThat(imap.readUntilTagged(tag)).containsExactly(tag + " OK SETMETADATA completed.");
            assertThat(imap.command("GETMETADATA INBOX /private/vendor/cpm/deferred-delivery")).containsExactly(
                "* METADATA \"INBOX\" (/private/vendor/cpm/deferred-delivery \"push\")",
                imap.lastTag() + " OK GETMETADATA completed.");
        }
    }

    @Test
    void valuesSurviveARestart() throws Exception {
        try (ImapConnection imap = login("restart")) {
            for (CpmPreference preference : CpmPreference.values()) {
                imap.expectOk("SETMETADATA INBOX (" + preference.entry() + " \"" + NON_DEFAULT.get(preference) + "\")");
            }
        }
        server.stop();
        server.start();
        try (ImapConnection imap = login("restart")) {
            for (CpmPreference preference : CpmPreference.values()) {
                assertThat(imap.command("GETMETADATA INBOX " + preference.entry())).containsExactly(
                    "* METADATA \"INBOX\" (" + preference.entry() + " \"" + NON_DEFAULT.get(preference) + "\")",
                    imap.lastTag() + " OK GETMETADATA completed.");
            }
            List<String> lines = imap.command("GETMETADATA INBOX");
            assertThat(Set.copyOf(pairs(lines.get(0)))).isEqualTo(NON_DEFAULT.entrySet().stream()
                .map(entry -> entry.getKey().entry() + "=" + entry.getValue()).collect(Collectors.toSet()));
        }
    }
}

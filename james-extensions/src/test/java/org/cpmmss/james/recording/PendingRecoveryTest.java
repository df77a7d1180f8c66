package org.cpmmss.james.recording;

import org.cpmmss.james.mailbox.conversation.MailboxConversationStore;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.port.CpmStateStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * The two crash windows of {@link MailboxConversationStore}, recreated in the real state database of a running server: a
 * key left PENDING before its append (the resend must store the object) and a key left PENDING after its append (the
 * resend must find it, above the folder's last UID recorded with the key, and store nothing).
 */
class PendingRecoveryTest {
    private static final String OWNER = "+33600000001@example.com";
    private static final String FOLDER = "Default/tel:+33600000002";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(StateProbe.class);
            }
        })
        .domain("example.com").user(OWNER, "secret")
        .build();

    /** Reaches the server's state database. */
    public static class StateProbe implements GuiceProbe {
        final CpmStateStore state;

        @Inject
        public StateProbe(CpmStateStore state) {
            this.state = state;
        }
    }

    @Test
    void aKeyLeftPendingBeforeItsAppendIsStoredAtTheResendAndOneLeftAfterItIsFoundNotStoredTwice() throws Exception {
        CpmStateStore state = server.guice().getProbe(StateProbe.class).state;
        String first = deliver("rec-1");
        long uidValidity = number(first, "uidvalidity");
        long firstUid = number(first, "uid");

        // crash after PENDING, before the append: nothing in the folder above the recorded last UID
        state.markPending(OWNER, "imdn:rec-2", FOLDER, uidValidity, firstUid);
        String second = deliver("rec-2");
        assertThat(second).as("stored at the resend").startsWith("250").contains("stored in " + FOLDER);
        long secondUid = number(second, "uid");
        assertThat(secondUid).isGreaterThan(firstUid);

        // crash after the append, before DONE: the object is above the recorded last UID
        state.markPending(OWNER, "imdn:rec-2", FOLDER, uidValidity, secondUid - 1);
        assertThat(deliver("rec-2")).as("found, not stored again").startsWith("250").contains("already stored");

        // a key recorded PENDING without a bound (older state databases): the whole folder is read
        state.markPending(OWNER, "imdn:rec-1", FOLDER, 0, 0);
        assertThat(deliver("rec-1")).as("found by the whole-folder scan").contains("already stored");

        try (ImapConnection imap = ImapConnection.login(server.imapPort(), OWNER, "secret")) {
            imap.expectOk("SELECT \"" + FOLDER + "\"");
            for (String id : List.of("rec-1", "rec-2")) {
                assertThat(imap.command("UID SEARCH HEADER IMDN-Message-ID " + id).stream()
                    .filter(line -> line.startsWith("* SEARCH ")).findFirst().orElse("* SEARCH").trim().split(" "))
                    .as(id + " stored once").hasSize(3);
            }
        }
    }

    private static String deliver(String imdnId) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "rec-conv", "rec-contrib", imdnId,
            "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(OWNER), chat).get(0);
    }

    /** A number from a 250 reply such as "stored in F uid 3" (uid) — the UIDVALIDITY is read over IMAP. */
    private static long number(String reply, String what) throws Exception {
        if (what.equals("uid")) {
            Matcher uid = Pattern.compile(" uid (\\d+)").matcher(reply);
            assertThat(uid.find()).as(reply).isTrue();
            return Long.parseLong(uid.group(1));
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), OWNER, "secret")) {
            Matcher validity = Pattern.compile("UIDVALIDITY (\\d+)")
                .matcher(String.join("\n", imap.expectOk("STATUS \"" + FOLDER + "\" (UIDVALIDITY)")));
            assertThat(validity.find()).isTrue();
            return Long.parseLong(validity.group(1));
        }
    }
}

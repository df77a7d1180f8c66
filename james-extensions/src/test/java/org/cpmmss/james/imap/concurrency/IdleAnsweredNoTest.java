package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;
import org.apache.james.imap.encode.base.EndImapEncoder;
import org.apache.james.imap.encode.main.DefaultImapEncoderFactory;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.GuiceGenericLoader;
import org.cpmmss.james.imap.profile.ImapProfileConfiguration;
import org.cpmmss.james.imap.profile.PreferenceEntryEncoder;
import org.cpmmss.james.imap.profile.ProfileImapEncoder;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.fge.lambdas.Throwing;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * An IDLE that James answers NO while starting it stops waiting for DONE: the client's next command is read as a
 * command and answered. The failure is made certain by the test: the server's response encoder (the profile's,
 * bound as the server binds it) throws once on the EXISTS the IDLE's start writes — as James's response composer
 * did when an IDLE update was written beside the IDLE's start (SessionChurnDuringDeliveryTest's stall). Before the
 * change, James's IDLE line handler stayed in place after the NO and took the next command for the IDLE's DONE
 * line (answered BAD under the IDLE's tag); the command itself was never answered.
 */
class IdleAnsweredNoTest {
    private static final String USER = "idler@example.com";
    private static final String PASSWORD = "secret";
    private static final AtomicBoolean FAIL_NEXT_EXISTS = new AtomicBoolean();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new FailingExistsModule())
        .domain("example.com").user(USER, PASSWORD).build();

    @Test
    void theCommandAfterAnIdleAnsweredNoIsAnswered() throws Exception {
        try (ImapConnection idler = ImapConnection.login(server.imapPort(), USER, PASSWORD);
             ImapConnection other = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            other.command("CREATE INBOX");
            idler.expectOk("SELECT INBOX");
            other.commandWithLiteral("APPEND INBOX", "Subject: new\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

            FAIL_NEXT_EXISTS.set(true);
            String idle = idler.nextTag();
            idler.send(idle + " IDLE\r\n");
            List<String> idleAnswer = idler.readUntilTagged(idle);
            assertThat(ImapConnection.last(idleAnswer)).as("the IDLE's start failed: %s", idleAnswer).startsWith(idle + " NO");
            assertThat(FAIL_NEXT_EXISTS).isFalse();

            idler.readTimeout(Duration.ofSeconds(20));
            assertThat(ImapConnection.last(idler.expectOk("NOOP"))).contains("OK");
            idler.expectOk("SELECT INBOX");
        }
    }

    /** The server's IMAP encoder, as the profile module builds it, throwing once on an EXISTS when asked to. */
    static final class FailingExistsModule extends AbstractModule {
        @Provides
        ImapEncoder encoder(ImapPackage imapPackage, GuiceGenericLoader loader, ImapProfileConfiguration configuration) {
            Stream<ImapResponseEncoder> encoders = imapPackage.encoders().stream()
                .map(Throwing.function(loader::instantiate))
                .map(ImapResponseEncoder.class::cast);
            ImapEncoder profile = new PreferenceEntryEncoder(new ProfileImapEncoder(
                new DefaultImapEncoderFactory.DefaultImapEncoder(encoders, new EndImapEncoder()), configuration));
            return new ImapEncoder() {
                @Override
                public void encode(ImapMessage message, ImapResponseComposer composer) throws IOException {
                    if (message instanceof ExistsResponse && FAIL_NEXT_EXISTS.compareAndSet(true, false)) {
                        throw new IllegalStateException("test: this EXISTS cannot be written");
                    }
                    profile.encode(message, composer);
                }
            };
        }
    }
}

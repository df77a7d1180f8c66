package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.awaitility.Awaitility;
import org.cpmmss.james.mailbox.events.LocalEventBus;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * Leaving the selected state releases the selected mailbox: its registration on the event bus goes with it. James
 * 3.8.1's session forgot the mailbox before closing it on CLOSE and UNSELECT, so each SELECT … CLOSE left one
 * selection registered for good, still fed every event of its folder ({@link DeselectSession}); a device that syncs
 * folder after folder with CLOSE filled the heap.
 */
class SelectionReleasedTest {
    private static final String USER = "closer@example.com";
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(EventBusProbe.class);
            }
        })
        .domain("example.com").user(USER, PASSWORD).build();

    /** The registrations of the server's event bus. */
    public static class EventBusProbe implements GuiceProbe {
        private final LocalEventBus bus;

        @Inject
        public EventBusProbe(LocalEventBus bus) {
            this.bus = bus;
        }

        int keyListeners() {
            return bus.keyListenerCount();
        }
    }

    @Test
    void closeUnselectAndDeleteOfTheSelectedFolderLeaveNoSelectionRegistered() throws Exception {
        EventBusProbe bus = server.guice().getProbe(EventBusProbe.class);
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            imap.expectOk("CREATE Synced");
            imap.commandWithLiteral("APPEND Synced", "Subject: one\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            int idle = bus.keyListeners();

            for (int round = 0; round < 5; round++) {
                imap.expectOk("SELECT Synced");
                imap.expectOk("FETCH 1 (FLAGS)");
                imap.expectOk("CLOSE");
                imap.expectOk("EXAMINE Synced");
                imap.expectOk("UNSELECT");
            }
            imap.expectOk("CREATE Doomed");
            imap.expectOk("SELECT Doomed");
            imap.expectOk("DELETE Doomed");

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(bus.keyListeners()).as("selections still registered after CLOSE/UNSELECT/DELETE")
                    .isEqualTo(idle));

            imap.expectOk("SELECT Synced");
            assertThat(bus.keyListeners()).as("the one selection in use").isEqualTo(idle + 1);
        }
    }
}

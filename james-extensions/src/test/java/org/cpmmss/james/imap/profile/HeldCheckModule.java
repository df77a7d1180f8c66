package org.cpmmss.james.imap.profile;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CheckRequest;
import com.google.inject.name.Named;
import org.apache.james.mailbox.MailboxManager;
import org.cpmmss.james.imap.concurrency.MailboxWriteQueue;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.plumbing.StorageReserve;

import org.cpmmss.james.store.api.SharedForces;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import reactor.core.publisher.Mono;

/**
 * Test override: the server's own IMAP processor chain (as {@link ImapProfileModule} builds it), in front of which a
 * {@code CHECK} can be held in progress until the test releases it ({@link #arm()}), so that a test can make
 * something happen while a command of a connection is certainly in progress. Unarmed, every command passes.
 */
public final class HeldCheckModule extends AbstractModule {
    /** One held CHECK: completes {@code entered} when the CHECK starts, runs it when {@code release} completes. */
    public record Hold(CompletableFuture<Void> entered, CompletableFuture<Void> release) {
    }

    private static volatile Hold armed;

    /** The next CHECK (of any connection) is held until the returned hold's {@code release} completes. */
    public static Hold arm() {
        Hold hold = new Hold(new CompletableFuture<>(), new CompletableFuture<>());
        armed = hold;
        return hold;
    }

    @Provides
    ImapProcessor heldCheck(@Named(ImapProfileModule.JAMES_CHAIN) ImapProcessor james, ImapProfileConfiguration configuration, RequestOrders orders,
                            StorageReserve reserve, CpmSettings settings, MailboxManager mailboxManager,
                            MailboxWriteQueue writes, java.util.Optional<SharedForces> forces)
        throws ConfigurationException {
        ImapProcessor server = new ImapProfileModule().provideProcessor(james, configuration, orders, reserve, settings,
            mailboxManager, writes, forces);
        return new ImapProcessor() {
            @Override
            public void process(ImapMessage message, Responder responder, ImapSession session) {
                processReactive(message, responder, session).block();
            }

            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                Hold hold = armed;
                if (hold != null && message instanceof CheckRequest) {
                    armed = null;
                    hold.entered().complete(null);
                    return Mono.fromFuture(hold.release()).then(Mono.defer(() -> server.processReactive(message, responder, session)));
                }
                return server.processReactive(message, responder, session);
            }

            @Override
            public void configure(ImapConfiguration imapConfiguration) {
                server.configure(imapConfiguration);
            }
        };
    }
}

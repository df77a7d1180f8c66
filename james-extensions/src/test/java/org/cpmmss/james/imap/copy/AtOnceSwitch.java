package org.cpmmss.james.imap.copy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.processor.DefaultProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.imap.profile.ImapProfileModule;
import org.cpmmss.james.imap.store.StoreAtOnceProcessor;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.awaitility.Awaitility;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Named;

import reactor.core.publisher.Mono;

/**
 * Test override of the server's James chain: COPY goes to James's own {@code CopyProcessor} or to
 * {@link CopyAtOnceProcessor}, a STORE to James's {@code StoreProcessor} or to {@link StoreAtOnceProcessor} (for the
 * STOREs it takes), as the test chooses before each command ({@link #atOnce}); every other command goes to James's
 * chain. Counts the commands the at-once processors answered, so a comparison cannot pass by both sides being
 * James's. Binds a probe on the embedded store (its writes counted by the group commit's tickets).
 */
public final class AtOnceSwitch extends AbstractModule {
    private static volatile boolean atOnce;
    public static final AtomicInteger AT_ONCE_ANSWERS = new AtomicInteger();

    public static void atOnce(boolean value) {
        atOnce = value;
    }

    /** The bound embedded store. */
    public static class Probe implements GuiceProbe {
        public final EmbeddedStorage storage;

        @Inject
        public Probe(EmbeddedStorage storage) {
            this.storage = storage;
        }
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(Probe.class);
    }

    @Provides
    @Singleton
    @Named(ImapProfileModule.JAMES_CHAIN)
    ImapProcessor switched(DefaultProcessor james, MailboxManager mailboxManager, StatusResponseFactory statusResponses,
                           MetricFactory metrics) {
        CopyAtOnceProcessor copy = new CopyAtOnceProcessor(mailboxManager, statusResponses, metrics);
        StoreAtOnceProcessor store = new StoreAtOnceProcessor(mailboxManager, statusResponses, metrics);
        return new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                if (atOnce && message instanceof CopyRequest request && copy.takes(request, session)) {
                    AT_ONCE_ANSWERS.incrementAndGet();
                    return copy.processReactive(message, responder, session);
                }
                if (atOnce && message instanceof StoreRequest request && store.takes(request, session)) {
                    AT_ONCE_ANSWERS.incrementAndGet();
                    return store.processReactive(message, responder, session);
                }
                return james.processReactive(message, responder, session);
            }

            @Override
            public void configure(ImapConfiguration configuration) {
                james.configure(configuration);
                copy.configure(configuration);
                store.configure(configuration);
            }
        };
    }

    /** The store writes of {@code server} so far (the group commit's tickets). */
    public static long writes(CpmMssServerExtension server) {
        return server.guice().getProbe(Probe.class).storage.groupCommit().lastTicket();
    }

    /** Waits until nothing writes to the store for a moment (the appends' text indexing and its marks are done). */
    public static void quiet(CpmMssServerExtension server) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long before = writes(server);
            Thread.sleep(700);
            return writes(server) == before;
        });
    }
}

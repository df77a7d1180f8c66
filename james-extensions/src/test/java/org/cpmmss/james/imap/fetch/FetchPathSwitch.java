package org.cpmmss.james.imap.fetch;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.processor.DefaultProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.cpmmss.james.imap.profile.ImapProfileModule;
import org.cpmmss.james.imap.profile.OwnProcessorRoute;
import org.cpmmss.james.store.api.MailStorage;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;

import reactor.core.publisher.Mono;

/**
 * Test override of the server's James chain: FETCHes go to James's own processor or to the stored path, as the test
 * chooses before each command ({@link #useStoredPath}); everything else is the server's chain as shipped. Counts the
 * FETCHes the stored path answered, so a comparison cannot pass by both sides being James's.
 */
public final class FetchPathSwitch extends AbstractModule {
    private static volatile boolean stored;
    static final AtomicInteger STORED_ANSWERS = new AtomicInteger();

    static void useStoredPath(boolean value) {
        stored = value;
    }

    @Provides
    @Singleton
    @Named(ImapProfileModule.JAMES_CHAIN)
    ImapProcessor switched(DefaultProcessor james, MailboxManager mailboxManager, StatusResponseFactory statusResponses,
                           MetricFactory metrics, MailStorage storage) {
        StoredFetchProcessor storedFetch = new StoredFetchProcessor(mailboxManager, statusResponses, metrics, storage);
        ImapProcessor path = new OwnProcessorRoute<>(james, FetchRequest.class, storedFetch::takes, storedFetch);
        return new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                if (stored) {
                    if (message instanceof FetchRequest fetch && StoredFetchShape.answers(fetch, session)) {
                        STORED_ANSWERS.incrementAndGet();
                    }
                    return path.processReactive(message, responder, session);
                }
                return james.processReactive(message, responder, session);
            }

            @Override
            public void configure(ImapConfiguration configuration) {
                james.configure(configuration);
            }
        };
    }
}

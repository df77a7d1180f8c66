package org.cpmmss.james.server.modules;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.event.json.MailboxEventSerializer;
import org.apache.james.events.Event;
import org.apache.james.events.EventSerializer;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * James's mailbox event serializer made on first use instead of at start. James's {@code DefaultEventModule} binds
 * {@link MailboxEventSerializer} as a singleton, which Guice's production stage builds while it assembles the server;
 * its Play JSON formats (Scala, with serializable lambdas, which the class-data archive does not hold) took ~50 ms of
 * the start's main thread, for a serializer that only the RabbitMQ event bus and WebAdmin's event dead-letter routes
 * use, on their first event. Overrides both bindings of that module: {@link EventSerializer} and
 * {@link MailboxEventSerializer} give the same one instance, made when first used.
 */
public class OnFirstUseEventSerializerModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OnFirstUseEventSerializer.class).in(Scopes.SINGLETON);
        bind(EventSerializer.class).to(OnFirstUseEventSerializer.class);
        // unscoped, so not built eagerly: each injection asks the one serializer above, which makes it once
        bind(MailboxEventSerializer.class).toProvider(OnFirstUseEventSerializer.class);
    }

    /** {@link MailboxEventSerializer}, made by the first call. */
    public static final class OnFirstUseEventSerializer implements EventSerializer, Provider<MailboxEventSerializer> {
        private final MailboxId.Factory mailboxIdFactory;
        private final MessageId.Factory messageIdFactory;
        private final QuotaRootDeserializer quotaRootDeserializer;
        private volatile MailboxEventSerializer serializer;

        @Inject
        public OnFirstUseEventSerializer(MailboxId.Factory mailboxIdFactory, MessageId.Factory messageIdFactory,
                                         QuotaRootDeserializer quotaRootDeserializer) {
            this.mailboxIdFactory = mailboxIdFactory;
            this.messageIdFactory = messageIdFactory;
            this.quotaRootDeserializer = quotaRootDeserializer;
        }

        @Override
        public MailboxEventSerializer get() {
            MailboxEventSerializer made = serializer;
            if (made == null) {
                synchronized (this) {
                    made = serializer;
                    if (made == null) {
                        made = new MailboxEventSerializer(mailboxIdFactory, messageIdFactory, quotaRootDeserializer);
                        serializer = made;
                    }
                }
            }
            return made;
        }

        @Override
        public String toJson(Event event) {
            return get().toJson(event);
        }

        @Override
        public byte[] toJsonBytes(Event event) {
            return get().toJsonBytes(event);
        }

        @Override
        public Event asEvent(String serialized) {
            return get().asEvent(serialized);
        }

        @Override
        public Event fromBytes(byte[] serialized) {
            return get().fromBytes(serialized);
        }
    }
}

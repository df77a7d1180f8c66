package org.cpmmss.james.server.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.event.json.MailboxEventSerializer;
import org.apache.james.events.Event;
import org.apache.james.events.EventSerializer;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.events.MailboxEvents.MailboxAdded;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.cpmmss.james.mailbox.events.UuidMessageId;
import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Scopes;
import com.google.inject.Stage;
import com.google.inject.util.Modules;

/**
 * James's event serializer made on first use: over the bindings of James's {@code DefaultEventModule} (its
 * serializer a singleton), in Guice's production stage as
 * the server runs, {@link EventSerializer} and {@link MailboxEventSerializer} are one serializer, not yet made when the
 * injector is built, whose JSON is James's own, both ways.
 */
class OnFirstUseEventSerializerModuleTest {
    private static final Username OWNER = Username.of("alice@example.com");

    @Test
    void bothBindingsGiveOneSerializerMadeOnFirstUseThatWritesJamesJson() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
            Modules.override(new AbstractModule() {
                @Override
                protected void configure() {
                    // the two bindings of James's DefaultEventModule that the module overrides
                    bind(MailboxEventSerializer.class).in(Scopes.SINGLETON);
                    bind(EventSerializer.class).to(MailboxEventSerializer.class);
                    bind(MailboxId.Factory.class).to(InMemoryId.Factory.class);
                    bind(MessageId.Factory.class).to(UuidMessageId.Factory.class);
                    bind(QuotaRootDeserializer.class).to(DefaultUserQuotaRootResolver.DefaultQuotaRootDeserializer.class);
                }
            }).with(new OnFirstUseEventSerializerModule()));

        OnFirstUseEventSerializerModule.OnFirstUseEventSerializer onFirstUse =
            injector.getInstance(OnFirstUseEventSerializerModule.OnFirstUseEventSerializer.class);
        assertThat(onFirstUse).extracting("serializer").isNull();

        EventSerializer serializer = injector.getInstance(EventSerializer.class);
        assertThat(serializer).isSameAs(onFirstUse);
        MailboxAdded event = new MailboxAdded(MailboxSession.SessionId.of(42), OWNER,
            MailboxPath.forUser(OWNER, "box"), InMemoryId.of(7), Event.EventId.random());
        String json = serializer.toJson(event);

        MailboxEventSerializer james = injector.getInstance(MailboxEventSerializer.class);
        assertThat(injector.getInstance(MailboxEventSerializer.class)).isSameAs(james);
        assertThat(onFirstUse.get()).isSameAs(james);
        MailboxEventSerializer direct = new MailboxEventSerializer(new InMemoryId.Factory(), new UuidMessageId.Factory(),
            new DefaultUserQuotaRootResolver.DefaultQuotaRootDeserializer());
        assertThat(json).isEqualTo(direct.toJson(event));
        assertThat(serializer.asEvent(json)).isEqualTo(event);
        assertThat(serializer.fromBytes(serializer.toJsonBytes(event))).isEqualTo(event);
    }
}

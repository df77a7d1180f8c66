package org.cpmmss.james.server.modules;

import org.apache.james.mailbox.model.MessageId;
import org.cpmmss.james.mailbox.events.UuidMessageId;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * The embedded store's message ids when events go over RabbitMQ: {@link UuidMessageId} instead of James's
 * {@code DefaultMessageId}, which James's event JSON cannot carry (docs/scale-out.md). Overrides the binding
 * of {@link StoreMailboxServicesModule}.
 */
public class UuidMessageIdModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(UuidMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(MessageId.Factory.class).to(UuidMessageId.Factory.class);
    }
}

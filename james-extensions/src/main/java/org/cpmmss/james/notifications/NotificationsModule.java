package org.cpmmss.james.notifications;

import java.io.File;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.cpmmss.recording.policy.CpmPolicy;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/** Disposition notifications (issue 8): first-wins state, settings, keywords and aggregates. */
public class NotificationsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DispositionKeywords.class).in(Scopes.SINGLETON);
        bind(AggregateStore.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    NotificationStateStore notificationStateStore(JamesDirectoriesProvider directories) {
        String data = System.getProperty("cpm.data.dir", directories.getVarDirectory());
        return new H2NotificationStateStore(new File(data));
    }

    @Provides
    @Singleton
    NotificationSettings notificationSettings(CpmPolicy policy) {
        return new NotificationSettings(policy.notificationsAggregate());
    }
}

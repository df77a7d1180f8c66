package org.cpmmss.james.notifications;

import java.io.File;
import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;

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
    NotificationSettings notificationSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        Configuration configuration;
        try {
            configuration = propertiesProvider.getConfiguration("cpm");
        } catch (FileNotFoundException e) {
            return NotificationSettings.defaults();
        }
        String value = configuration.getString(NotificationSettings.AGGREGATE, "false").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigurationException(NotificationSettings.AGGREGATE + " must be true or false, not " + value);
        }
        return new NotificationSettings(Boolean.parseBoolean(value));
    }
}

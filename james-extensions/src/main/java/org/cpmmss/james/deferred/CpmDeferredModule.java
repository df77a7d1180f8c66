package org.cpmmss.james.deferred;

import java.io.File;
import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.recording.policy.CpmPolicy;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Deferred messages (docs/deferred.md): the expiry index ({@code <data>/h2/cpm-deferred}), the hand-over's
 * notifier, the expiry sweeper (started with the server) and the {@code \Seen} listener.
 */
public class CpmDeferredModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PositiveDeliveryNotifier.class).in(Scopes.SINGLETON);
        bind(ExpirySweeper.class).in(Scopes.SINGLETON);
        bind(TemporaryAccessListener.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(TemporaryAccessListener.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(DeferredProbe.class);
    }

    @Provides
    @Singleton
    ExpiryIndex expiryIndex(JamesDirectoriesProvider directories) {
        String data = System.getProperty("cpm.data.dir", directories.getVarDirectory());
        return new H2ExpiryIndex(new File(data));
    }

    @Provides
    @Singleton
    DeferredSettings deferredSettings(CpmPolicy policy, PropertiesProvider properties) throws Exception {
        String relay = null;
        try {
            Configuration configuration = properties.getConfiguration("cpm");
            relay = configuration.getString(DeferredSettings.OUTBOUND_RELAY, null);
        } catch (FileNotFoundException e) {
            // defaults
        }
        return DeferredSettings.from(policy, relay);
    }

    @ProvidesIntoSet
    InitializationOperation startSweeper(ExpirySweeper sweeper) {
        return InitilizationOperationBuilder.forClass(ExpirySweeper.class).init(sweeper::start);
    }
}

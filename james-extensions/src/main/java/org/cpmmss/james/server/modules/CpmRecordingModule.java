package org.cpmmss.james.server.modules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.plumbing.DataDirectory;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.security.OwnerOnlyRightManager;
import org.cpmmss.recording.pipeline.ConversationFolders;
import org.cpmmss.james.mailbox.conversation.MailboxConversationStore;
import org.cpmmss.james.recording.CpmPreferenceValidatingAnnotationManager;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.james.state.DedupeKeyExpiry;
import org.cpmmss.james.state.DedupeRetention;
import org.cpmmss.james.state.H2CpmStateStore;
import org.cpmmss.james.state.StoreRecordedState;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.SharedForces;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.recording.pipeline.SessionAssembler;
import org.cpmmss.james.mailbox.preferences.MailboxUserPreferences;
import org.cpmmss.james.recording.MetricFactoryPipelineMetrics;
import org.cpmmss.recording.port.ConversationStore;
import org.cpmmss.recording.port.OwnerDirectory;
import org.cpmmss.james.mailbox.users.UsersRepositoryOwnerDirectory;
import org.cpmmss.recording.port.PipelineMetrics;
import org.cpmmss.recording.port.UserPreferences;

import org.cpmmss.james.pipeline.MailetContainerHandOver;
import org.cpmmss.recording.verdict.PipelineHandOver;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * The recording pipeline's services: its durable state (H2, {@code <data>/h2/cpm}), the conversation
 * store and folder rules, the owner directory, preferences, and SETMETADATA validation of the cpm preference entries.
 */
public class CpmRecordingModule extends AbstractModule {
    @Override
    protected void configure() {
        // the one way into the pipeline, for every door and the deferred queue's release
        bind(PipelineHandOver.class).to(MailetContainerHandOver.class).in(Scopes.SINGLETON);
        bind(MailboxConversationStore.class).in(Scopes.SINGLETON);
        bind(ConversationStore.class).to(MailboxConversationStore.class);
        bind(MailboxUserPreferences.class).in(Scopes.SINGLETON);
        bind(UserPreferences.class).to(MailboxUserPreferences.class);
        bind(PipelineMetrics.class).to(MetricFactoryPipelineMetrics.class).in(Scopes.SINGLETON);
        bind(OwnerDirectory.class).to(UsersRepositoryOwnerDirectory.class).in(Scopes.SINGLETON);
        bind(ConversationFolders.class).in(Scopes.SINGLETON);
        bind(SessionAssembler.class).in(Scopes.SINGLETON);
        bind(CpmPreferenceValidatingAnnotationManager.class).in(Scopes.SINGLETON);
        bind(StoreMailboxAnnotationManager.class).to(CpmPreferenceValidatingAnnotationManager.class);
        // folders are never shared: SETACL granting rights to anyone but the owner is refused
        bind(OwnerOnlyRightManager.class).in(Scopes.SINGLETON);
        bind(StoreRightManager.class).to(OwnerOnlyRightManager.class);
        // the state databases, closed by the run command after the server stopped
        bind(OpenStateDatabases.class).in(Scopes.SINGLETON);
        // bound by the native store's bindings (embedded or PostgreSQL): keys recorded in the append's transaction
        OptionalBinder.newOptionalBinder(binder(), RecordedKeys.class);
        // bound by the native store's bindings: the copies of one object for all its owners forced once
        OptionalBinder.newOptionalBinder(binder(), SharedForces.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(OpenStateDatabases.class);
    }

    @Provides
    @Singleton
    CpmStateStore cpmStateStore(DataDirectory data, OpenStateDatabases open, CpmSettings settings, Clock clock,
                                Optional<RecordedKeys> storeKeys) {
        H2CpmStateStore store = open.register(new H2CpmStateStore(data.path(), clock));
        List<DedupeKeyExpiry.Keys> keys = new ArrayList<>(List.of(store));
        storeKeys.ifPresent(k -> keys.add((cutoff, limit) -> k.forgetBefore(cutoff.toEpochMilli(), limit)));
        // registered after the store: stopped before it is closed
        open.register(DedupeKeyExpiry.start(keys, DedupeRetention.from(settings.firsts()), clock));
        // the native store records each key with its message (one commit); the JPA mailbox keeps PENDING/DONE here
        return storeKeys.<CpmStateStore>map(k -> new StoreRecordedState(store, k, store.holdsRecordedKeys()))
            .orElse(store);
    }
}

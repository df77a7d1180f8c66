package org.cpmmss.james.modules;

import java.io.File;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.pipeline.MailetContainerHandOver;
import org.cpmmss.james.security.OwnerOnlyRightManager;
import org.cpmmss.james.recording.ConversationFolders;
import org.cpmmss.james.recording.ConversationStore;
import org.cpmmss.james.recording.CpmPreferenceValidatingAnnotationManager;
import org.cpmmss.james.recording.CpmStateStore;
import org.cpmmss.james.recording.H2CpmStateStore;
import org.cpmmss.james.recording.RecordingPreferences;
import org.cpmmss.james.recording.SessionAssembler;
import org.cpmmss.recording.verdict.PipelineHandOver;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * The recording pipeline's services: its durable state (H2, {@code <data>/h2/cpm}), the conversation
 * store and folder rules, preferences, and SETMETADATA validation of the cpm preference entries.
 */
public class CpmRecordingModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ConversationStore.class).in(Scopes.SINGLETON);
        // the one way into the pipeline, for every door and the deferred queue's release
        bind(PipelineHandOver.class).to(MailetContainerHandOver.class).in(Scopes.SINGLETON);
        bind(ConversationFolders.class).in(Scopes.SINGLETON);
        bind(RecordingPreferences.class).in(Scopes.SINGLETON);
        bind(SessionAssembler.class).in(Scopes.SINGLETON);
        bind(CpmPreferenceValidatingAnnotationManager.class).in(Scopes.SINGLETON);
        bind(StoreMailboxAnnotationManager.class).to(CpmPreferenceValidatingAnnotationManager.class);
        // folders are never shared: SETACL granting rights to anyone but the owner is refused
        bind(OwnerOnlyRightManager.class).in(Scopes.SINGLETON);
        bind(StoreRightManager.class).to(OwnerOnlyRightManager.class);
        // the state databases, closed by the run command after the server stopped
        bind(OpenStateDatabases.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(OpenStateDatabases.class);
    }

    @Provides
    @Singleton
    CpmStateStore cpmStateStore(JamesDirectoriesProvider directories, OpenStateDatabases open) {
        String data = System.getProperty("cpm.data.dir", directories.getVarDirectory());
        return open.register(new H2CpmStateStore(new File(data)));
    }
}

package org.cpmmss.james.http;


import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.plumbing.DataDirectory;
import org.cpmmss.james.plumbing.OpenStateDatabases;

/**
 * The cpm HTTP API ({@code /cpm/v1}) on the WebAdmin server: its routing core and resources, its settings from
 * {@code conf/cpm.properties} and the durable store of chat sessions opened over HTTP.
 */
public class CpmHttpApiModule extends AbstractModule {
    /** System property holding the data directory (set by CpmMssServer). */

    @Override
    protected void configure() {
        bind(HttpAuthenticator.class).in(Scopes.SINGLETON);
        bind(PreferencesService.class).in(Scopes.SINGLETON);
        bind(HistoryService.class).in(Scopes.SINGLETON);
        bind(IngestService.class).in(Scopes.SINGLETON);
        bind(CpmApiAccess.class).in(Scopes.SINGLETON);
        bind(CpmApiRoutes.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(CpmApiRoutes.class);
        // the resources of /cpm/v1, defined in this order by CpmApiRoutes before its catch-all
        Multibinder<CpmApiRouteGroup> resources = Multibinder.newSetBinder(binder(), CpmApiRouteGroup.class);
        resources.addBinding().to(ApiDocumentRoutes.class);
        resources.addBinding().to(PreferenceRoutes.class);
        resources.addBinding().to(HistoryRoutes.class);
        resources.addBinding().to(ObjectIngestRoutes.class);
        resources.addBinding().to(SessionRoutes.class);
        resources.addBinding().to(DeferredQueueRoutes.class);
        resources.addBinding().to(DispositionRoutes.class);
    }

    @Provides
    @Singleton
    CpmHttpSettings settings(CpmSettings settings) {
        return CpmHttpSettings.from(settings);
    }

    @Provides
    @Singleton
    SessionRepository sessionRepository(DataDirectory data, OpenStateDatabases open) {
        return open.register(new H2SessionRepository(data.path()));
    }
}

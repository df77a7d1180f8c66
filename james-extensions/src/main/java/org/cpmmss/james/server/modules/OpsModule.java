package org.cpmmss.james.server.modules;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.webadmin.Routes;
import org.cpmmss.james.ops.ExpirySweepTrigger;
import org.cpmmss.james.ops.admin.AdminRoutes;
import org.cpmmss.james.ops.admin.SweeperTrigger;
import org.cpmmss.james.ops.backup.BackupRoutes;
import org.cpmmss.james.ops.backup.DataDirectoryBackup;
import org.cpmmss.james.ops.health.DataDirectoryHealthCheck;
import org.cpmmss.james.ops.health.ExpirySweeperHealthCheck;
import org.cpmmss.james.ops.health.H2DatabaseHealthCheck;
import org.cpmmss.james.ops.health.MailQueueHealthCheck;
import org.cpmmss.james.ops.health.SipBridgeHealthCheck;
import org.cpmmss.james.ops.metrics.DeferredObjectsCensus;
import org.cpmmss.james.ops.metrics.DoorTimers;
import org.cpmmss.james.ops.metrics.MetricsRoutes;
import org.cpmmss.james.ops.viewer.ViewerRoutes;
import org.cpmmss.james.plumbing.DoorTimings;
import org.cpmmss.james.store.embedded.EmbeddedStorage;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * Operator features on the HTTP door: health checks served by James's {@code /healthcheck}, the
 * Prometheus {@code /metrics} route, the read-only viewer under {@code /cpm/viewer} and the backup route.
 */
public class OpsModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<HealthCheck> checks = Multibinder.newSetBinder(binder(), HealthCheck.class);
        checks.addBinding().to(H2DatabaseHealthCheck.class);
        checks.addBinding().to(MailQueueHealthCheck.class);
        checks.addBinding().to(DataDirectoryHealthCheck.class);
        checks.addBinding().to(ExpirySweeperHealthCheck.class);
        checks.addBinding().to(SipBridgeHealthCheck.class);

        bind(DeferredObjectsCensus.class).in(Scopes.SINGLETON);
        // the doors publish their command timings through the interface below them
        bind(DoorTimings.class).to(DoorTimers.class);
        bind(MetricsRoutes.class).in(Scopes.SINGLETON);
        bind(ViewerRoutes.class).in(Scopes.SINGLETON);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(MetricsRoutes.class);
        routes.addBinding().to(ViewerRoutes.class);
        OptionalBinder.newOptionalBinder(binder(), ExpirySweepTrigger.class).setDefault().to(SweeperTrigger.class);
        bind(AdminRoutes.class).in(Scopes.SINGLETON);
        routes.addBinding().to(AdminRoutes.class);
        // the native store is there only with storage.embedded.mailbox=native (NativeMailboxModule binds it)
        OptionalBinder.newOptionalBinder(binder(), EmbeddedStorage.class);
        bind(DataDirectoryBackup.class).in(Scopes.SINGLETON);
        bind(BackupRoutes.class).in(Scopes.SINGLETON);
        routes.addBinding().to(BackupRoutes.class);
    }
}

package org.cpmmss.james.server.modules;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Singleton;

import org.cpmmss.james.http.PostgresqlSessionRepository;
import org.cpmmss.james.http.SessionRepository;
import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.sip.PostgresqlRegistrationRepository;
import org.cpmmss.james.sip.RegistrationRepository;
import org.cpmmss.james.state.StoreRecordedState;
import org.cpmmss.james.state.postgresql.ClusterLease;
import org.cpmmss.james.state.postgresql.PostgresqlCpmStateStore;
import org.cpmmss.james.state.postgresql.PostgresqlDeferredQueue;
import org.cpmmss.james.state.postgresql.PostgresqlExpiryIndex;
import org.cpmmss.james.state.postgresql.PostgresqlNotificationOutbox;
import org.cpmmss.james.state.postgresql.PostgresqlNotificationStateStore;
import org.cpmmss.james.state.postgresql.PostgresqlState;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationStateStore;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * With {@code storage.backend=postgresql}: the project's own state on the shared PostgreSQL instead of the node's H2
 * files (docs/scale-out.md): dedupe keys and held sessions, notification state and outbox, expiry index, deferred
 * queue, HTTP sessions, SIP registrations. Installed as an override of the modules that bind the node-local
 * repositories ({@code CpmRecordingModule}, {@code NotificationsModule}, {@code CpmDeferredModule},
 * {@code CpmHttpApiModule}, {@code SipBridgeModule}). The
 * schema is migrated once when the first repository is built; the once-per-cluster work is claimed under this node's
 * {@link ClusterLease}.
 */
public class PostgresqlStateModule extends AbstractModule {
    @Provides
    @Singleton
    PostgresqlState postgresqlState(PostgresqlDatabase database) {
        return PostgresqlState.migrated(database);
    }

    @Provides
    @Singleton
    ClusterLease clusterLease(Clock clock) {
        return ClusterLease.forThisNode(clock);
    }

    @Provides
    @Singleton
    CpmStateStore cpmStateStore(PostgresqlState state, ClusterLease lease, Optional<RecordedKeys> storeKeys) {
        PostgresqlCpmStateStore store = new PostgresqlCpmStateStore(state, lease);
        // the store on PostgreSQL records each key in its message's transaction (mail_recorded_key)
        return storeKeys.<CpmStateStore>map(k -> new StoreRecordedState(store, k, store.holdsRecordedKeys()))
            .orElse(store);
    }

    @Provides
    @Singleton
    NotificationStateStore notificationStateStore(PostgresqlState state) {
        return new PostgresqlNotificationStateStore(state);
    }

    @Provides
    @Singleton
    NotificationOutbox notificationOutbox(PostgresqlState state, ClusterLease lease) {
        return new PostgresqlNotificationOutbox(state, lease);
    }

    @Provides
    @Singleton
    ExpiryIndex expiryIndex(PostgresqlState state, ClusterLease lease) {
        return new PostgresqlExpiryIndex(state, lease);
    }

    @Provides
    @Singleton
    DeferredQueue deferredQueue(PostgresqlState state, ClusterLease lease) {
        return new PostgresqlDeferredQueue(state, lease);
    }

    @Provides
    @Singleton
    SessionRepository sessionRepository(PostgresqlState state) {
        return new PostgresqlSessionRepository(state.dataSource());
    }

    @Provides
    @Singleton
    RegistrationRepository registrationRepository(PostgresqlState state, Clock clock) {
        return new PostgresqlRegistrationRepository(state.dataSource(), clock);
    }
}

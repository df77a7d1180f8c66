package org.cpmmss.james.state.postgresql;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.http.H2SessionRepository;
import org.cpmmss.james.http.PostgresqlSessionRepository;
import org.cpmmss.james.http.SessionRepository;
import org.cpmmss.james.outbound.H2NotificationOutbox;
import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.sip.InMemoryRegistrationRepository;
import org.cpmmss.james.sip.PostgresqlRegistrationRepository;
import org.cpmmss.james.sip.RegistrationRepository;
import org.cpmmss.james.state.H2CpmStateStore;
import org.cpmmss.james.state.H2DeferredQueue;
import org.cpmmss.james.state.H2ExpiryIndex;
import org.cpmmss.james.state.H2NotificationStateStore;
import org.cpmmss.james.testing.PostgresTestServer;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationStateStore;

/**
 * One backend of the state repositories for the contract tests: {@code h2} (the node-local files under a temporary
 * directory; the SIP registrations in memory) or {@code postgresql} (a fresh database on the private test server). Closes what it opened.
 */
final class StateBackend implements AutoCloseable {
    static final List<String> BOTH = List.of("h2", "postgresql");

    /** A clock the tests move by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final String kind;
    private final File directory;
    private final TestClock clock;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private PostgresqlState state;

    StateBackend(String kind, File directory, TestClock clock) {
        this.kind = kind;
        this.directory = directory;
        this.clock = clock;
    }

    /** A PostgreSQL "node": its own pool on a shared database URL. */
    static PostgresqlState node(String url, List<AutoCloseable> opened) {
        PostgresqlDatabase database = new PostgresqlDatabase(new PostgresqlSettings(url, PostgresTestServer.APP_USER,
            PostgresTestServer.APP_PASSWORD, 4));
        opened.add(database);
        return PostgresqlState.migrated(database);
    }

    private PostgresqlState postgresql() {
        if (state == null) {
            state = node(PostgresTestServer.shared().newDatabase("state"), opened);
        }
        return state;
    }

    private boolean h2() {
        return kind.equals("h2");
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private ClusterLease lease() {
        return new ClusterLease("node-a", ClusterLease.DEFAULT_LEASE, clock);
    }

    CpmStateStore cpmStateStore() {
        return h2() ? keep(new H2CpmStateStore(directory)) : new PostgresqlCpmStateStore(postgresql(), lease());
    }

    NotificationStateStore notificationStateStore() {
        return h2() ? keep(new H2NotificationStateStore(directory)) : new PostgresqlNotificationStateStore(postgresql());
    }

    ExpiryIndex expiryIndex() {
        return h2() ? keep(new H2ExpiryIndex(directory)) : new PostgresqlExpiryIndex(postgresql(), lease());
    }

    DeferredQueue deferredQueue() {
        return h2() ? keep(new H2DeferredQueue(directory, clock)) : new PostgresqlDeferredQueue(postgresql(), lease());
    }

    NotificationOutbox notificationOutbox() {
        return h2() ? keep(new H2NotificationOutbox(directory)) : new PostgresqlNotificationOutbox(postgresql(), lease());
    }

    SessionRepository sessionRepository() {
        return h2() ? keep(new H2SessionRepository(directory))
            : new PostgresqlSessionRepository(postgresqlDataSource());
    }

    RegistrationRepository registrationRepository() {
        return h2() ? new InMemoryRegistrationRepository(clock)
            : new PostgresqlRegistrationRepository(postgresqlDataSource(), clock);
    }

    private javax.sql.DataSource postgresqlDataSource() {
        return postgresql().dataSource();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }
}

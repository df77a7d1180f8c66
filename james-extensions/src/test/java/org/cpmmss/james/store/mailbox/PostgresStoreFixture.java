package org.cpmmss.james.store.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.store.postgresql.PostgresqlStorage;
import org.cpmmss.james.testing.PostgresTestServer;

/**
 * An empty PostgreSQL store for one test (test support): one database of the JVM's private PostgreSQL
 * ({@link PostgresTestServer}) serves every contract suite of the JVM, migrated once and emptied for each fixture,
 * through one pool.
 */
final class PostgresStoreFixture implements AutoCloseable {
    private static PostgresqlDatabase shared;

    final PostgresqlDatabase database;
    final PostgresqlStorage storage;

    PostgresStoreFixture(Clock clock) {
        this.database = sharedDatabase();
        this.storage = PostgresqlStorage.open(database, clock);
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE mail_message, mail_content_bytes, mail_content, mail_folder, mail_folder_keyword,"
                + " mail_annotation, mail_subscription RESTART IDENTITY");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized PostgresqlDatabase sharedDatabase() {
        if (shared == null) {
            shared = new PostgresqlDatabase(new PostgresqlSettings(
                PostgresTestServer.shared().newDatabase("mailstore_suites"), PostgresTestServer.APP_USER,
                PostgresTestServer.APP_PASSWORD, 8));
        }
        return shared;
    }

    @Override
    public void close() {
        storage.close(); // the pool stays open for the next test of the JVM
    }
}

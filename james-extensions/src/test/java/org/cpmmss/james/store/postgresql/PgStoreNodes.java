package org.cpmmss.james.store.postgresql;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MimeProperty;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.testing.PostgresTestServer;

/**
 * Test support: "nodes" on one fresh database of the JVM's private PostgreSQL, each its own pool and its own
 * {@link PostgresqlStorage} (as two cpm-mss processes would have), all closed on close; and messages to append.
 */
final class PgStoreNodes implements AutoCloseable {
    private final String url;
    private final List<PostgresqlDatabase> pools = new ArrayList<>();

    PgStoreNodes(String hint) {
        this.url = PostgresTestServer.shared().newDatabase(hint);
    }

    /** A new node: its own pool of {@code poolSize} connections, the schema migrated as a starting node does. */
    PostgresqlStorage node(int poolSize) {
        PostgresqlDatabase pool = new PostgresqlDatabase(new PostgresqlSettings(url, PostgresTestServer.APP_USER,
            PostgresTestServer.APP_PASSWORD, poolSize));
        synchronized (pools) {
            pools.add(pool);
        }
        return PostgresqlStorage.open(pool, Clock.systemUTC());
    }

    static NewMessage message(String header, String body) {
        return new NewMessage(header.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.US_ASCII),
            FlagState.NONE, 1_700_000_000_000L, "", "", new MimeSummary("text", "plain", 1L,
            List.of(new MimeProperty("type", "charset", "utf-8"))));
    }

    static NewMessage chat(String from, int n) {
        return message("From: " + from + "\r\nIMDN-Message-ID: " + from + "-" + n + "\r\n\r\n", "hello " + n + "\r\n");
    }

    @Override
    public void close() {
        synchronized (pools) {
            pools.forEach(PostgresqlDatabase::close);
        }
    }
}

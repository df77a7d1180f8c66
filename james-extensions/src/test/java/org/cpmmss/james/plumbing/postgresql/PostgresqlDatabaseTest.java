package org.cpmmss.james.plumbing.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;

/** The node's PostgreSQL pool on the private test server: migrations, run by two "nodes" at once. */
class PostgresqlDatabaseTest {
    @Test
    void twoNodesStartingAtOnceMigrateTheSchemaOnceAndBothSeeIt() throws Exception {
        PostgresTestServer server = PostgresTestServer.shared();
        PostgresqlSettings settings = new PostgresqlSettings(server.newDatabase("migrate"), PostgresTestServer.APP_USER,
            PostgresTestServer.APP_PASSWORD, 3);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try (PostgresqlDatabase a = new PostgresqlDatabase(settings); PostgresqlDatabase b = new PostgresqlDatabase(settings)) {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (PostgresqlDatabase node : List.of(a, b)) {
                starts.add(CompletableFuture.runAsync(() -> node.migrate("db/postgresql/probe", "probe_schema_history"),
                    nodes));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            try (Connection connection = b.connection(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO probe (id, body) VALUES (1, 'x')");
                try (ResultSet rows = statement.executeQuery("SELECT counter FROM probe WHERE id = 1")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isZero();
                }
                try (ResultSet rows = statement.executeQuery(
                    "SELECT count(*) FROM probe_schema_history WHERE success AND version IS NOT NULL")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(2);
                }
            }
        } finally {
            nodes.shutdownNow();
        }
    }
}

package org.cpmmss.james.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The private PostgreSQL test server starts, and a new database takes writes from the application role. */
class PostgresTestServerTest {
    @Test
    void aNewDatabaseIsOwnedByTheApplicationRoleAndKeepsWhatItIsGiven() throws Exception {
        PostgresTestServer server = PostgresTestServer.shared();
        String url = server.newDatabase("smoke");
        try (Connection connection = DriverManager.getConnection(url, PostgresTestServer.APP_USER,
                PostgresTestServer.APP_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE probe (id INT PRIMARY KEY, body TEXT)");
            statement.execute("INSERT INTO probe VALUES (1, 'stored')");
            try (ResultSet rows = statement.executeQuery("SELECT body, current_setting('fsync') FROM probe")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("stored");
                assertThat(rows.getString(2)).isEqualTo("on");
            }
        }
        assertThat(server.newDatabase("other")).isNotEqualTo(url);
    }
}

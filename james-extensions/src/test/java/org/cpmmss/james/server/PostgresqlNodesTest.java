package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.outbound.OutboxProbe;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage.backend=postgresql} through the real server: two servers with their own data directories on one
 * PostgreSQL (one after the other). A user and domain created through the first log in on the second; the project's
 * state lives in PostgreSQL (an outbox entry written there is seen by the second node), not in the nodes' H2 files.
 */
class PostgresqlNodesTest {
    private static final List<String> NODE_LOCAL_STATE = List.of("cpm", "cpm-imdn", "cpm-outbox", "cpm-deferred",
        "cpm-deferred-queue", "cpm-http", "james");

    @TempDir
    Path work;

    private static CpmMssTestServer node(Path directory, String url) throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(directory);
        Files.writeString(server.confDirectory().resolve("storage.properties"), String.join("\n",
            "storage.backend=postgresql",
            "storage.postgresql.url=" + url,
            "storage.postgresql.user=" + PostgresTestServer.APP_USER,
            "storage.postgresql.password=" + PostgresTestServer.APP_PASSWORD,
            "storage.postgresql.pool-size=6",
            ""), StandardCharsets.UTF_8);
        return server;
    }

    @Test
    void aUserCreatedThroughOneNodeLogsInOnAnotherAndTheStateIsShared() throws Exception {
        String url = PostgresTestServer.shared().newDatabase("nodes");
        try (CpmMssTestServer a = node(work.resolve("a"), url).start()) {
            a.webAdmin().addDomain("example.com");
            a.webAdmin().addUser("alice@example.com", "secret");
            try (ImapConnection imap = ImapConnection.login(a.imapPort(), "alice@example.com", "secret")) {
                assertThat(imap.greeting()).startsWith("* OK");
            }
            for (String name : NODE_LOCAL_STATE) {
                assertThat(a.dataDirectory().resolve("h2").resolve(name + ".mv.db")).doesNotExist();
            }
        }
        try (Connection c = DriverManager.getConnection(url, PostgresTestServer.APP_USER, PostgresTestServer.APP_PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO cpm_outbox (id, recipient, object, created, attempts, next_attempt, state)"
                + " VALUES ('n-from-a', 'sip:+1@example.com', '\\x01'::bytea, 0, 0, 4102444800000, 'QUEUED')");
        }
        try (CpmMssTestServer b = node(work.resolve("b"), url).start()) {
            try (ImapConnection imap = ImapConnection.login(b.imapPort(), "alice@example.com", "secret")) {
                assertThat(ImapConnection.last(imap.command("LIST \"\" \"*\""))).contains(" OK ");
            }
            try (ImapConnection wrong = new ImapConnection(b.imapPort())) {
                assertThat(ImapConnection.last(wrong.command("LOGIN alice@example.com wrong"))).contains(" NO ");
            }
            assertThat(b.guice().getProbe(OutboxProbe.class).entry("n-from-a"))
                .hasValueSatisfying(entry -> assertThat(entry.state()).isEqualTo(NotificationOutbox.State.QUEUED));
        }
        try (Connection c = DriverManager.getConnection(url, PostgresTestServer.APP_USER, PostgresTestServer.APP_PASSWORD);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM cpm_state_schema_history WHERE success")) {
            rows.next();
            assertThat(rows.getInt(1)).isPositive();
        }
    }
}

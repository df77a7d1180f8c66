package org.cpmmss.james.ops.health;

import java.time.Duration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.cpmmss.james.mailbox.users.JamesDatabase;

/** James's database (the embedded H2 file, or PostgreSQL) answers a query through the server's own connections. */
public class H2DatabaseHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("H2 database");
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JamesDatabase database;

    @Inject
    public H2DatabaseHealthCheck(JamesDatabase database) {
        super(COMPONENT, TIMEOUT, "H2 did not answer SELECT 1");
        this.database = database;
    }

    @Override
    protected Result inspect() throws SQLException {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet answer = statement.executeQuery("SELECT 1")) {
            if (answer.next() && answer.getInt(1) == 1) {
                return Result.healthy(COMPONENT);
            }
            return Result.unhealthy(COMPONENT, "H2 did not answer SELECT 1 with 1");
        }
    }
}

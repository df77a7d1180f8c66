package org.cpmmss.james.http;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.annotation.PreDestroy;
import org.cpmmss.james.plumbing.StateDatabasePool;
import org.cpmmss.james.plumbing.StateDatabases;

/**
 * {@link SessionRepository} on an embedded H2 database of its own, {@code <data>/h2/cpm-http}, over plain
 * JDBC. {@code WRITE_DELAY=0}: a commit is written to the file before the call returns, so that a SIGKILL
 * right after an HTTP answer loses nothing. Serialised: session calls are few and short. The connection is taken from
 * a {@link StateDatabasePool} per call, so the store recovers by itself after H2 closed the database on a full disk.
 */
public class H2SessionRepository implements SessionRepository, AutoCloseable {
    private static final String SCHEMA = """
        CREATE TABLE IF NOT EXISTS cpm_http_session (
          contribution_id VARCHAR(1024) PRIMARY KEY,
          conversation_id VARCHAR(1024) NOT NULL,
          in_reply_to VARCHAR(1024),
          originator VARCHAR(1024) NOT NULL,
          peer VARCHAR(1024) NOT NULL,
          is_group BOOLEAN NOT NULL,
          subject VARCHAR(4096),
          owners VARCHAR(65535) NOT NULL,
          state VARCHAR(16) NOT NULL,
          opened_at TIMESTAMP WITH TIME ZONE NOT NULL,
          closed_at TIMESTAMP WITH TIME ZONE)
        """;

    private final StateDatabasePool pool;

    public H2SessionRepository(File dataDirectory) {
        try {
            File directory = new File(dataDirectory, "h2");
            directory.mkdirs();
            pool = StateDatabases.pool(new File(directory, "cpm-http"));
            pool.setMaxConnections(2);
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(SCHEMA);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the HTTP session store under " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<ChatSession> find(String contributionId) {
        try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(
            "SELECT conversation_id, in_reply_to, originator, peer, is_group, subject, owners, state, opened_at, closed_at "
                + "FROM cpm_http_session WHERE contribution_id = ?")) {
            select.setString(1, contributionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String owners = row.getString(7);
                Timestamp closed = row.getTimestamp(10);
                return Optional.of(new ChatSession(contributionId, row.getString(1), Optional.ofNullable(row.getString(2)),
                    row.getString(3), row.getString(4), row.getBoolean(5), Optional.ofNullable(row.getString(6)),
                    owners.isEmpty() ? List.of() : Arrays.asList(owners.split("\n")),
                    ChatSession.State.valueOf(row.getString(8)), row.getTimestamp(9).toInstant(),
                    Optional.ofNullable(closed).map(Timestamp::toInstant)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("HTTP session store: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void open(ChatSession session) {
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO cpm_http_session (contribution_id, conversation_id, in_reply_to, originator, peer, is_group, "
                + "subject, owners, state, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, session.contributionId());
            insert.setString(2, session.conversationId());
            insert.setString(3, session.inReplyToContributionId().orElse(null));
            insert.setString(4, session.originator());
            insert.setString(5, session.peer());
            insert.setBoolean(6, session.group());
            insert.setString(7, session.subject().orElse(null));
            insert.setString(8, String.join("\n", session.owners()));
            insert.setString(9, session.state().name());
            insert.setTimestamp(10, Timestamp.from(session.openedAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return;
            }
            throw new IllegalStateException("HTTP session store: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close(String contributionId, Instant at) {
        try (Connection connection = pool.getConnection(); PreparedStatement update = connection.prepareStatement(
            "UPDATE cpm_http_session SET state = 'CLOSED', closed_at = ? WHERE contribution_id = ? AND state = 'OPEN'")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, contributionId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("HTTP session store: " + e.getMessage(), e);
        }
    }

    @Override
    @PreDestroy
    public synchronized void close() {
        pool.dispose();
    }
}

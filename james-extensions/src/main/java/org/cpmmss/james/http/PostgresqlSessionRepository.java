package org.cpmmss.james.http;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * {@link SessionRepository} on the shared PostgreSQL (storage.backend=postgresql; the H2 twin is
 * {@link H2SessionRepository}): table {@code cpm_http_session} of the state schema ({@code db/postgresql/state},
 * migrated by {@code PostgresqlState} before this is built). A session opened through one node's HTTP door is found by
 * every node; {@link #open} of an existing Contribution-ID leaves it as it is ({@code ON CONFLICT DO NOTHING}).
 */
public class PostgresqlSessionRepository implements SessionRepository {
    private final DataSource dataSource;

    public PostgresqlSessionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<ChatSession> find(String contributionId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
            "SELECT conversation_id, in_reply_to, originator, peer, is_group, subject, owners, state, opened_at, closed_at"
                + " FROM cpm_http_session WHERE contribution_id = ?")) {
            select.setString(1, contributionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String owners = row.getString(7);
                Optional<Instant> closedAt = Optional.ofNullable(row.getTimestamp(10)).map(Timestamp::toInstant);
                return Optional.of(new ChatSession(contributionId, row.getString(1), Optional.ofNullable(row.getString(2)),
                    row.getString(3), row.getString(4), row.getBoolean(5), Optional.ofNullable(row.getString(6)),
                    owners.isEmpty() ? List.of() : Arrays.asList(owners.split("\n")),
                    ChatSession.State.valueOf(row.getString(8)), row.getTimestamp(9).toInstant(), closedAt));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("HTTP session store: " + e.getMessage(), e);
        }
    }

    @Override
    public void open(ChatSession session) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO cpm_http_session (contribution_id, conversation_id, in_reply_to, originator, peer, is_group,"
                + " subject, owners, state, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (contribution_id) DO NOTHING")) {
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
            throw new IllegalStateException("HTTP session store: " + e.getMessage(), e);
        }
    }

    @Override
    public void close(String contributionId, Instant at) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(
            "UPDATE cpm_http_session SET state = 'CLOSED', closed_at = ? WHERE contribution_id = ? AND state = 'OPEN'")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, contributionId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("HTTP session store: " + e.getMessage(), e);
        }
    }
}

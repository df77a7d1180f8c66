package org.cpmmss.james.sip;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bridge's interim {@link DeferredQueue}: one table in an embedded H2 file database of its own,
 * {@code <data>/sip/deferred-queue.mv.db}, committed on every change ({@code WRITE_DELAY=0}), so a 202
 * answer survives a SIGKILL. To be replaced by the project-wide deferred queue (deferred-messages issue).
 */
public class H2DeferredQueue implements DeferredQueue, AutoCloseable {
    private final Connection connection;
    private final Clock clock;

    public H2DeferredQueue(File directory, Clock clock) throws SQLException {
        this.clock = clock;
        directory.mkdirs();
        this.connection = DriverManager.getConnection("jdbc:h2:file:" + new File(directory, "deferred-queue").getAbsolutePath()
            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sip_deferred_queue ("
                + "id BIGINT AUTO_INCREMENT PRIMARY KEY, account VARCHAR(512) NOT NULL, recipient_uri VARCHAR(1024) NOT NULL, "
                + "originator_uri VARCHAR(1024) NOT NULL, conversation_id VARCHAR(1024), contribution_id VARCHAR(1024), "
                + "imdn_message_id VARCHAR(1024), cpim BLOB NOT NULL, queued_at TIMESTAMP NOT NULL, expires TIMESTAMP NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS sip_deferred_queue_account ON sip_deferred_queue(account, id)");
        }
    }

    @Override
    public synchronized long add(String account, String recipientUri, String originatorUri, Optional<String> conversationId,
                                 Optional<String> contributionId, Optional<String> imdnMessageId, byte[] cpim, Instant expires) {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO sip_deferred_queue (account, recipient_uri, "
            + "originator_uri, conversation_id, contribution_id, imdn_message_id, cpim, queued_at, expires) VALUES (?,?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, key(account));
            s.setString(2, recipientUri);
            s.setString(3, originatorUri);
            s.setString(4, conversationId.orElse(null));
            s.setString(5, contributionId.orElse(null));
            s.setString(6, imdnMessageId.orElse(null));
            s.setBytes(7, cpim);
            s.setTimestamp(8, Timestamp.from(clock.instant()));
            s.setTimestamp(9, Timestamp.from(expires));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue a deferred message", e);
        }
    }

    @Override
    public synchronized List<Entry> list(String account) {
        try (PreparedStatement s = connection.prepareStatement(
            "SELECT * FROM sip_deferred_queue WHERE account = ? AND expires > ? ORDER BY id")) {
            s.setString(1, key(account));
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            List<Entry> entries = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(new Entry(r.getLong("id"), r.getString("account"), r.getString("recipient_uri"),
                        r.getString("originator_uri"), Optional.ofNullable(r.getString("conversation_id")),
                        Optional.ofNullable(r.getString("contribution_id")), Optional.ofNullable(r.getString("imdn_message_id")),
                        r.getBytes("cpim"), r.getTimestamp("queued_at").toInstant(), r.getTimestamp("expires").toInstant()));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the deferred queue", e);
        }
    }

    @Override
    public synchronized boolean remove(long id) {
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM sip_deferred_queue WHERE id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove a deferred message", e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (!connection.isClosed()) {
            connection.close();
        }
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}

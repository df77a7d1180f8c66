package org.cpmmss.james.store.postgresql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.SubscriptionStore;

/** {@link SubscriptionStore} on the {@code mail_subscription} table. */
final class PostgresqlSubscriptionStore implements SubscriptionStore {
    private final PgTransactor transactor;

    PostgresqlSubscriptionStore(PgTransactor transactor) {
        this.transactor = transactor;
    }

    @Override
    public void subscribe(String owner, String folderName) {
        change("INSERT INTO mail_subscription(owner, folder_name) VALUES (?, ?) ON CONFLICT DO NOTHING", owner,
            folderName);
    }

    @Override
    public void unsubscribe(String owner, String folderName) {
        change("DELETE FROM mail_subscription WHERE owner = ? AND folder_name = ?", owner, folderName);
    }

    private void change(String sql, String owner, String folderName) {
        transactor.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, owner);
                ps.setString(2, folderName);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> subscriptions(String owner) {
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                "SELECT folder_name FROM mail_subscription WHERE owner = ? ORDER BY folder_name COLLATE \"C\"")) {
                q.setString(1, owner);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}

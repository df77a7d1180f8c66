package org.cpmmss.james.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.SubscriptionStore;

/** {@link SubscriptionStore} on the H2 {@code subscription} table. */
final class EmbeddedSubscriptionStore implements SubscriptionStore {
    private final Transactor transactor;

    EmbeddedSubscriptionStore(Transactor transactor) {
        this.transactor = transactor;
    }

    @Override
    public void subscribe(String owner, String folderName) {
        change("MERGE INTO subscription(owner, folder_name) KEY(owner, folder_name) VALUES (?, ?)", owner, folderName);
    }

    @Override
    public void unsubscribe(String owner, String folderName) {
        change("DELETE FROM subscription WHERE owner = ? AND folder_name = ?", owner, folderName);
    }

    private void change(String sql, String owner, String folderName) {
        transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
                ps.setString(1, owner);
                ps.setString(2, folderName);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> subscriptions(String owner) {
        return transactor.read(tx -> {
            try (PreparedStatement q = tx.connection().prepareStatement(
                "SELECT folder_name FROM subscription WHERE owner = ? ORDER BY owner, folder_name")) {
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

package org.cpmmss.james.sip;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * {@link RegistrationRepository} on the shared PostgreSQL (storage.backend=postgresql; the one-node twin is
 * {@link InMemoryRegistrationRepository}): table {@code cpm_sip_registration} of the state schema
 * ({@code db/postgresql/state}, migrated before this is built), so every node sees the clients registered through any
 * node. Lapse is judged against the injected {@link Clock}; an account's lapsed rows are purged when it registers again.
 */
public class PostgresqlRegistrationRepository implements RegistrationRepository {
    private final DataSource dataSource;
    private final Clock clock;

    public PostgresqlRegistrationRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }

    @Override
    public void bind(Registration registration) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO cpm_sip_registration (account, binding_key,"
                    + " contact, instance, expires_at, account_as_registered) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (account, binding_key) DO UPDATE SET contact = EXCLUDED.contact,"
                    + " instance = EXCLUDED.instance, account_as_registered = EXCLUDED.account_as_registered,"
                    + " expires_at = EXCLUDED.expires_at");
                 PreparedStatement purge = c.prepareStatement(
                     "DELETE FROM cpm_sip_registration WHERE account = ? AND expires_at <= ?")) {
                upsert.setString(1, key(registration.account()));
                upsert.setString(2, registration.key());
                upsert.setString(3, registration.contact());
                upsert.setString(4, registration.instance().orElse(null));
                upsert.setTimestamp(5, Timestamp.from(registration.expires()));
                upsert.setString(6, registration.account());
                upsert.executeUpdate();
                purge.setString(1, key(registration.account()));
                purge.setTimestamp(2, Timestamp.from(clock.instant()));
                purge.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SIP registrations: " + e.getMessage(), e);
        }
    }

    @Override
    public void unbind(String account, String bindingKey) {
        update("DELETE FROM cpm_sip_registration WHERE account = ? AND (binding_key = ? OR contact = ?)",
            key(account), bindingKey, bindingKey);
    }

    @Override
    public void unbindAll(String account) {
        update("DELETE FROM cpm_sip_registration WHERE account = ?", key(account));
    }

    @Override
    public List<Registration> bindings(String account) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT account_as_registered, contact, instance, expires_at FROM cpm_sip_registration WHERE account = ?"
                    + " AND expires_at > ? ORDER BY seq")) {
            select.setString(1, key(account));
            select.setTimestamp(2, Timestamp.from(clock.instant()));
            List<Registration> live = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    live.add(new Registration(row.getString(1), row.getString(2), Optional.ofNullable(row.getString(3)),
                        row.getTimestamp(4).toInstant()));
                }
            }
            return live;
        } catch (SQLException e) {
            throw new IllegalStateException("SIP registrations: " + e.getMessage(), e);
        }
    }

    private void update(String sql, String... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("SIP registrations: " + e.getMessage(), e);
        }
    }
}

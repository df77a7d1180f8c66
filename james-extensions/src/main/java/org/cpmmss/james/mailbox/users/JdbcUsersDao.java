package org.cpmmss.james.mailbox.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersDAO;

/**
 * The accounts in {@code JAMES_USER} of {@link JamesDatabase}, one SQL statement per call. Semantics of James's JPA
 * users DAO: names are stored lower-cased when added and looked up as given ({@link #contains} lower-cases), a new
 * account's password is hashed with the configured algorithm ({@code usersrepository.xml}, {@code algorithm},
 * default PBKDF2), a changed password keeps the account's own algorithm.
 */
public final class JdbcUsersDao implements UsersDAO {
    private final JamesDatabase database;
    private volatile String algorithm = "PBKDF2";

    public JdbcUsersDao(JamesDatabase database) {
        this.database = database;
    }

    /** The hash algorithm of accounts added from now on. */
    public void setAlgorithm(String algorithm) {
        this.algorithm = algorithm;
    }

    @Override
    public Optional<StoredUser> getUserByName(Username name) throws UsersRepositoryException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT USER_NAME, PASSWORD, PASSWORD_HASH_ALGORITHM FROM JAMES_USER WHERE USER_NAME = ?")) {
            ps.setString(1, name.asString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredUser(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new UsersRepositoryException("Unable to search user", e);
        }
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        if (!(user instanceof StoredUser stored)) {
            throw new UsersRepositoryException("not an account of this repository: " + user);
        }
        int updated;
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE JAMES_USER SET PASSWORD = ?, PASSWORD_HASH_ALGORITHM = ?,"
                 + " VERSION = COALESCE(VERSION, 0) + 1 WHERE USER_NAME = ?")) {
            ps.setString(1, stored.hash());
            ps.setString(2, stored.algorithm());
            ps.setString(3, stored.name());
            updated = ps.executeUpdate();
        } catch (SQLException e) {
            throw new UsersRepositoryException("Failed to update user " + stored.name(), e);
        }
        if (updated == 0) {
            throw new UsersRepositoryException("User " + stored.name() + " not found");
        }
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        java.util.Optional<JamesDatabase.KnownAccounts> known = database.knownAccounts();
        String lowerCased = name.asString().toLowerCase(Locale.US);
        known.ifPresent(k -> k.removing(lowerCased));
        try {
            removeRow(name);
        } finally {
            known.ifPresent(k -> k.removing(lowerCased));
        }
    }

    private void removeRow(Username name) throws UsersRepositoryException {
        int removed;
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM JAMES_USER WHERE USER_NAME = ?")) {
            ps.setString(1, name.asString());
            removed = ps.executeUpdate();
        } catch (SQLException e) {
            throw new UsersRepositoryException("Failed to remove user " + name.asString(), e);
        }
        if (removed == 0) {
            throw new UsersRepositoryException("User " + name.asString() + " does not exist");
        }
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        String lowerCased = name.asString().toLowerCase(Locale.US);
        java.util.Optional<JamesDatabase.KnownAccounts> known = database.knownAccounts();
        if (known.isPresent() && known.get().contains(lowerCased)) {
            return true; // found before, and no account was removed since (the recipient check of every RCPT)
        }
        long seen = known.map(JamesDatabase.KnownAccounts::removals).orElse(0L);
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM JAMES_USER WHERE USER_NAME = ?")) {
            ps.setString(1, lowerCased);
            try (ResultSet rs = ps.executeQuery()) {
                boolean found = rs.next();
                if (found) {
                    known.ifPresent(k -> k.found(lowerCased, seen));
                }
                return found;
            }
        } catch (SQLException e) {
            throw new UsersRepositoryException("Failed to find user " + name.asString(), e);
        }
    }

    @Override
    public int countUsers() throws UsersRepositoryException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM JAMES_USER");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new UsersRepositoryException("Failed to count users", e);
        }
    }

    @Override
    public Iterator<Username> list() throws UsersRepositoryException {
        List<Username> names = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT USER_NAME FROM JAMES_USER");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(Username.of(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new UsersRepositoryException("Failed to list users", e);
        }
        return names.iterator();
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        String name = username.asString().toLowerCase(Locale.US);
        if (contains(Username.of(name))) {
            throw new UsersRepositoryException(name + " already exists.");
        }
        StoredUser user = StoredUser.create(name, password, algorithm);
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO JAMES_USER (USER_NAME, PASSWORD,"
                 + " PASSWORD_HASH_ALGORITHM, VERSION) VALUES (?, ?, ?, 1)")) {
            ps.setString(1, user.name());
            ps.setString(2, user.hash());
            ps.setString(3, user.algorithm());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new UsersRepositoryException("Failed to add user " + username.asString(), e);
        }
    }
}

package org.cpmmss.james.mailbox.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.apache.james.core.Username;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipient check ({@code contains}) keeps the accounts it found only where this process is the database's sole
 * writer, and a removed account is not found once its removal returned, whatever the case it is named in; on a
 * database other processes may change, every check reads it.
 */
class KnownAccountsTest {
    @TempDir
    Path work;

    private JamesDatabase database;

    @AfterEach
    void close() {
        database.close();
    }

    private JamesDatabase open(boolean soleWriter) {
        String url = "jdbc:h2:" + work.resolve("james") + ";DB_CLOSE_DELAY=-1";
        return new JamesDatabase(() -> {
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
            return JamesDatabase.ConnectionPool.of(pool, pool::dispose);
        }, true, soleWriter);
    }

    @Test
    void aRemovedAccountIsNotFoundOnceItsRemovalReturned() throws Exception {
        database = open(true);
        JdbcUsersDao users = new JdbcUsersDao(database);
        users.addUser(Username.of("Alice@Example.com"), "pw");
        users.addUser(Username.of("bob@example.com"), "pw");
        assertThat(users.contains(Username.of("alice@example.com"))).isTrue();
        assertThat(users.contains(Username.of("ALICE@example.com"))).isTrue();
        assertThat(database.knownAccounts().orElseThrow().contains("alice@example.com")).isTrue(); // kept
        assertThat(users.contains(Username.of("carol@example.com"))).isFalse();

        users.removeUser(Username.of("alice@example.com"));
        assertThat(users.contains(Username.of("alice@example.com"))).isFalse();
        assertThat(users.contains(Username.of("Alice@Example.com"))).isFalse();
        assertThat(users.contains(Username.of("bob@example.com"))).isTrue();

        users.addUser(Username.of("alice@example.com"), "pw2"); // the same name again
        assertThat(users.contains(Username.of("alice@example.com"))).isTrue();
    }

    @Test
    void aSharedDatabaseIsReadAtEveryCheck() throws Exception {
        database = open(false);
        JdbcUsersDao users = new JdbcUsersDao(database);
        users.addUser(Username.of("dave@example.com"), "pw");
        assertThat(users.contains(Username.of("dave@example.com"))).isTrue();
        assertThat(database.knownAccounts()).isEmpty();
        // removed by another node (here: straight in the table)
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM JAMES_USER WHERE USER_NAME = 'dave@example.com'");
        }
        assertThat(users.contains(Username.of("dave@example.com"))).isFalse();
    }
}

package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose file an earlier channel of this process still holds locked (what H2 leaves when its close fails
 * after a failed write on a full disk) is re-opened through the {@code reopenable:} prefix; without it H2 refuses.
 */
class ReopenableFileSystemTest {
    @TempDir
    Path directory;

    @Test
    void reopensADatabaseWhoseFileALeftoverChannelOfThisProcessStillLocks() throws Exception {
        String url = StateDatabases.url(directory.resolve("state").toFile());
        execute(url, "CREATE TABLE object (id INT PRIMARY KEY)", "INSERT INTO object VALUES (1)");

        try (FileChannel leftover = lockedLeftover("reopenable:async:" + directory.resolve("state.mv.db"))) {
            try (Connection connection = DriverManager.getConnection(url, "", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM object")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
                statement.execute("INSERT INTO object VALUES (2)");
            }
            assertThat(leftover.isOpen()).as("the leftover channel was closed, its lock released").isFalse();
        }
    }

    @Test
    void withoutThePrefixTheLeftoverLockKeepsTheDatabaseShut() throws Exception {
        String url = "jdbc:h2:async:" + directory.resolve("plain") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        execute(url, "CREATE TABLE object (id INT PRIMARY KEY)");

        try (FileChannel leftover = lockedLeftover("async:" + directory.resolve("plain.mv.db"))) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, "", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("already in use");
        }
    }

    private static FileChannel lockedLeftover(String file) throws Exception {
        ReopenableFileSystem.install();
        FileChannel leftover = FilePath.get(file).open("rw");
        assertThat(leftover.tryLock(0, Long.MAX_VALUE, false)).isNotNull();
        return leftover;
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "", ""); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}

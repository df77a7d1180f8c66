package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.cpmmss.james.testing.FullDiskFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cpm state database on a disk that fills up and then has space again (the {@code fulldisk:} file system of the
 * tests: writes fail with "No space left on device"): H2 closes the database on the failed write, and the pool
 * re-opens it once space is back, without losing a committed row and without a failed request.
 */
class StateDatabasePoolTest {
    @TempDir
    Path directory;
    private String url;
    private StateDatabasePool pool;

    @BeforeEach
    void open() throws SQLException {
        FullDiskFileSystem.install();
        url = "jdbc:h2:" + FullDiskFileSystem.SCHEME + ":" + StateDatabases.url(directory.resolve("state").toFile())
            .substring("jdbc:h2:".length());
        pool = new StateDatabasePool(url, directory.resolve("state.mv.db"), UnaryOperator.identity());
        execute("CREATE TABLE object (id INT PRIMARY KEY, body VARCHAR(4000))");
        List<Connection> several = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            several.add(pool.getConnection());
        }
        for (Connection connection : several) {
            connection.close();
        }
    }

    @AfterEach
    void close() {
        FullDiskFileSystem.free();
        pool.dispose();
    }

    @Test
    void reopensTheDatabaseWhenSpaceReturnsWithEveryCommittedRow() throws SQLException {
        for (int id = 1; id <= 10; id++) {
            insert(id);
        }

        FullDiskFileSystem.fill();
        for (int id = 11; id <= 14; id++) {
            int refused = id;
            assertThatThrownBy(() -> insert(refused)).isInstanceOf(SQLException.class);
        }

        FullDiskFileSystem.free();
        for (int id = 21; id <= 30; id++) {
            insert(id);
        }
        assertThat(count("id BETWEEN 1 AND 10")).isEqualTo(10);
        assertThat(count("id BETWEEN 21 AND 30")).isEqualTo(10);

        pool.dispose();
        pool = new StateDatabasePool(url, directory.resolve("state.mv.db"), UnaryOperator.identity());
        assertThat(count("id BETWEEN 1 AND 10 OR id BETWEEN 21 AND 30")).isEqualTo(20);
    }

    @Test
    void refusesEveryRequestWhileTheDiskStaysFull() throws SQLException {
        insert(1);
        FullDiskFileSystem.fill();
        assertThatThrownBy(() -> insert(2)).isInstanceOf(SQLException.class);
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> insert(3)).isInstanceOf(SQLException.class);
        }
    }

    private void insert(int id) throws SQLException {
        execute("INSERT INTO object VALUES (" + id + ", '" + "x".repeat(2000) + "')");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String where) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM object WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

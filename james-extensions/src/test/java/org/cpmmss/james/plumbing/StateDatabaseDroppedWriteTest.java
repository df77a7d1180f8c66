package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group-committed state database (commits stay in H2's memory until the group's chunk is written and forced)
 * when a force fails: the writer is told its write failed, and that write must not reach the disk with the chunk of a
 * later writer (a retried delivery would otherwise find its first attempt's rows too).
 */
class StateDatabaseDroppedWriteTest {
    @TempDir
    Path directory;
    private final AtomicBoolean forcesFail = new AtomicBoolean();
    private StateDatabasePool pool;

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void aWriteWhoseForceFailedIsDroppedNotWrittenWithTheNextChunk() throws SQLException {
        File file = directory.resolve("state").toFile();
        UnaryOperator<Syncable> failingForces = target -> () -> {
            if (forcesFail.get()) {
                throw new IOException("Input/output error");
            }
            target.sync();
        };
        pool = StateDatabases.groupCommittedPool(file, 0, failingForces);
        execute("CREATE TABLE object (id INT PRIMARY KEY)");
        execute("INSERT INTO object VALUES (1)");

        forcesFail.set(true);
        assertThatThrownBy(() -> execute("INSERT INTO object VALUES (2)")).as("the write is not acknowledged")
            .isInstanceOf(RuntimeException.class);
        forcesFail.set(false);

        execute("INSERT INTO object VALUES (3)");
        assertThat(ids()).as("the refused write is not written with the next chunk").containsExactly(1, 3);

        pool.dispose();
        pool = StateDatabases.groupCommittedPool(file, 0, UnaryOperator.identity());
        assertThat(ids()).as("after a re-open").containsExactly(1, 3);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private java.util.List<Integer> ids() throws SQLException {
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM object ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        }
        return ids;
    }
}

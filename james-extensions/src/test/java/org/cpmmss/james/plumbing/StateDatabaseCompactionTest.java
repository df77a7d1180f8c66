package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online compaction of a cpm state database ({@link StateDatabasePool#compactChunks}, {@link StateDatabasePool#shrinkFile},
 * run by {@link StateDatabaseMaintenance}): dead chunks are rewritten and the file given back while writes go on, and
 * a SIGKILL at any moment of it loses no acknowledged (forced) write.
 */
class StateDatabaseCompactionTest {
    @TempDir
    Path directory;

    @Test
    void rewritingDeadChunksBoundsTheFileAndKeepsEveryRow() throws Exception {
        StateDatabasePool pool = StateDatabases.pool(directory.resolve("state").toFile(), p -> p);
        try {
            execute(pool, "CREATE TABLE kv(k INT PRIMARY KEY, v BIGINT NOT NULL, pad VARCHAR NOT NULL)");
            churn(pool, 1, 6000);
            long before = Files.size(pool.file());
            int fillBefore = pool.chunkFillRate();
            for (int pass = 0; pass < 200 && pool.compactChunks(StateDatabaseMaintenance.FILL_RATE, 1 << 20); pass++) {
                churn(pool, 6001 + pass, 6001 + pass); // writes go on between passes
            }
            Thread.sleep(1100); // the rewritten chunks are free once RETENTION_TIME (1 s) has passed
            pool.shrinkFile(100, 0, 64 << 20);
            long after = Files.size(pool.file());

            assertThat(fillBefore).isLessThan(StateDatabaseMaintenance.FILL_RATE);
            assertThat(after).isLessThan(before / 2);
            assertThat(pool.unforcedWrites()).isZero();
            Map<Integer, Long> rows = rows(pool);
            assertThat(rows).hasSize(StateChurnWriter.KEYS);
            for (Map.Entry<Integer, Long> row : rows.entrySet()) {
                assertThat(row.getValue() % StateChurnWriter.KEYS).isEqualTo(row.getKey().longValue());
                assertThat(row.getValue()).isGreaterThan(6000 - StateChurnWriter.KEYS);
            }
        } finally {
            pool.dispose();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "group"})
    void aKillDuringOnlineCompactionLosesNoAcknowledgedWrite(String kind) throws Exception {
        for (int round = 0; round < 2; round++) {
            Map<Integer, Long> acked = new HashMap<>();
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StateChurnWriter.class.getName(), directory.toString(), kind)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            long compactions = 0;
            long target = 600 + 400L * round;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long writes = 0;
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("acked ")) {
                        long seq = Long.parseLong(line.substring(6));
                        acked.put((int) (seq % StateChurnWriter.KEYS), seq);
                        writes++;
                    } else if (line.startsWith("compacted ")) {
                        compactions++;
                    }
                    if (writes >= target && compactions >= 3) {
                        writer.destroyForcibly(); // SIGKILL, in the middle of writes and compactions
                        break;
                    }
                }
            } finally {
                writer.destroyForcibly();
                writer.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(compactions).as("compaction passes before the kill, round " + round).isGreaterThanOrEqualTo(3);

            Map<Integer, Long> found;
            try (Connection c = DriverManager.getConnection(StateDatabases.url(directory.resolve("state").toFile()))) {
                found = rows(c);
            }
            for (Map.Entry<Integer, Long> write : acked.entrySet()) {
                // the key holds the acknowledged write or a later one (a write done but not yet reported may be there)
                assertThat(found.get(write.getKey())).as("key " + write.getKey() + ", round " + round)
                    .isNotNull().isGreaterThanOrEqualTo(write.getValue());
            }
        }
    }

    private static void churn(StateDatabasePool pool, long from, long to) throws SQLException {
        String pad = "p".repeat(200);
        for (long seq = from; seq <= to; seq++) {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("MERGE INTO kv(k, v, pad) KEY(k) VALUES (?, ?, ?)")) {
                ps.setInt(1, (int) (seq % StateChurnWriter.KEYS));
                ps.setLong(2, seq);
                ps.setString(3, pad);
                ps.executeUpdate();
            }
        }
    }

    private static void execute(StateDatabasePool pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<Integer, Long> rows(StateDatabasePool pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return rows(c);
        }
    }

    private static Map<Integer, Long> rows(Connection c) throws SQLException {
        Map<Integer, Long> rows = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT k, v FROM kv")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return rows;
    }
}

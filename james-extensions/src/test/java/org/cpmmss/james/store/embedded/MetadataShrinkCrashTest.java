package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shrink moves H2 chunks inside {@code meta.mv.db} and truncates it while commits go on. A forked writer
 * ({@link ShrinkCrashWriter}) writes and sweeps rows with the maintenance's passes running back to back, and is
 * killed (SIGKILL) at a random moment, five times on the same database: every time the database opens again and
 * holds every row of every acknowledged batch, and shrinks did run meanwhile.
 */
class MetadataShrinkCrashTest {
    private static final int ROUNDS = 5;

    @Test
    void aKillDuringShrinksLosesNoAcknowledgedRow(@TempDir Path dir) throws Exception {
        Random random = new Random();
        int nextBatch = 0;
        int shrinks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ShrinkCrashWriter.class.getName(), dir.toString(),
                Integer.toString(nextBatch))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            int acknowledged = nextBatch;
            int wanted = nextBatch + 20 + random.nextInt(40);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.US_ASCII))) {
                String line;
                while (acknowledged < wanted && (line = out.readLine()) != null) {
                    if (line.equals("SHRUNK")) {
                        shrinks++;
                    } else if (line.startsWith("ACK ")) {
                        acknowledged = Integer.parseInt(line.substring(4)) + 1;
                    }
                }
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(1, TimeUnit.MINUTES)).isTrue();
            }
            assertThat(acknowledged).as("round %d: the writer acknowledged its batches", round).isEqualTo(wanted);
            try (MetadataDatabase reopened = MetadataDatabase.open(dir, 1, 0, 1000, 80)) {
                long kept = count(reopened, "SELECT COUNT(DISTINCT uid) FROM churn WHERE folder LIKE 'kept:%'"
                    + " AND uid < " + acknowledged);
                long rows = count(reopened, "SELECT COUNT(*) FROM churn WHERE folder LIKE 'kept:%'"
                    + " AND uid < " + acknowledged);
                assertThat(kept).as("round %d: batches found", round).isEqualTo(acknowledged);
                assertThat(rows).as("round %d: kept rows", round)
                    .isEqualTo((long) acknowledged * ShrinkCrashWriter.KEPT_PER_BATCH);
                // batches written after the last acknowledgement may or may not be there: the next round starts above
                nextBatch = (int) count(reopened, "SELECT COALESCE(MAX(uid), -1) + 1 FROM churn");
            }
        }
        assertThat(shrinks).as("shrinks run while the writer was killed").isGreaterThan(0);
    }

    private static long count(MetadataDatabase database, String sql) throws Exception {
        Connection c = database.borrow();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            c.commit();
            database.giveBack(c);
        }
    }
}

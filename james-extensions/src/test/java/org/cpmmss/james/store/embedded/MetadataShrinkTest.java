package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a burst, {@code meta.mv.db} is mostly free space that H2 reuses but never gives back. Once the chunk
 * compaction has filled the chunks again (usually above 80 %: H2's own file compaction then finds nothing to rewrite
 * and moved no chunk, which left the file at its high-water mark), the shrink moves the last chunks into the free
 * space and truncates the file to less than half; every row survives, and survives a close and a reopen.
 */
class MetadataShrinkTest {
    private static final int ROWS = 100_000;
    private static final int KEPT_EVERY = 10;
    static final String CHURN = "CREATE TABLE IF NOT EXISTS churn(khash BIGINT NOT NULL, khash2 BIGINT NOT NULL,"
        + " folder VARCHAR NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL)";

    @Test
    void aFileLeftLargeByABurstIsShrunkOnceItsChunksAreCompacted(@TempDir Path dir) throws Exception {
        long highWater;
        try (MetadataDatabase database = MetadataDatabase.open(dir, 1, 0, 1000, 80)) {
            for (int batch = 0; batch < ROWS / 1000; batch++) {
                write(database, batch * 1000, 1000);
            }
            highWater = database.fileSize();
            execute(database, "DELETE FROM churn WHERE folder LIKE 'burst:%'");
            // the maintenance thread's passes, with writes going on between them
            for (int pass = 0; pass < 200 && (pass < 5 || database.chunkFillRate() < 80); pass++) {
                database.compactChunks(80, 1 << 20);
                write(database, ROWS + pass, 1);
            }
            // H2 gives a free tail of the file back by itself; when the compaction's chunks landed so that the tail
            // was freed, nothing is left to move (the file is mostly used already); otherwise a live chunk near the
            // end holds the file at its high-water mark and the shrink must move it
            if (database.fileSize() >= highWater / 2) {
                assertThat(database.shrinkFile(75, 0, 64 << 20)).isTrue();
            }

            assertThat(database.fileSize()).isLessThan(highWater / 2);
            assertThat(keptRows(database)).isEqualTo(ROWS / KEPT_EVERY);
            write(database, ROWS + 100, 1);
        }
        try (MetadataDatabase reopened = MetadataDatabase.open(dir, 1, 0, 1000, 80)) {
            assertThat(keptRows(reopened)).isEqualTo(ROWS / KEPT_EVERY);
            assertThat(reopened.fileSize()).isLessThan(highWater / 2);
        }
    }

    /** Rows {@code first..first+count-1}, one in ten kept by the burst's deletion; committed and forced. */
    private static void write(MetadataDatabase database, int first, int count) throws Exception {
        Connection c = database.borrow();
        try (Statement s = c.createStatement()) {
            s.execute(CHURN);
        }
        // a recorded key's row (as the twenty-second session's layout had it: a scratch table of the test's own), its folder column carrying which rows the burst's deletion keeps (and the bytes of a
        // random key's, which compress no better)
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO churn(khash, khash2, folder,"
            + " uid_validity, uid, recorded_at) VALUES (?, ?, ?, 1, ?, 0)")) {
            for (int n = first; n < first + count; n++) {
                boolean kept = n % KEPT_EVERY == 0 && n < ROWS;
                insert.setLong(1, UUID.randomUUID().getMostSignificantBits());
                insert.setLong(2, UUID.randomUUID().getMostSignificantBits());
                insert.setString(3, (kept ? "kept:" : n < ROWS ? "burst:" : "later:") + n + ":" + UUID.randomUUID()
                    + UUID.randomUUID() + UUID.randomUUID());
                insert.setLong(4, n);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } finally {
            database.giveBack(c);
        }
        database.sync();
    }

    private static void execute(MetadataDatabase database, String sql) throws Exception {
        Connection c = database.borrow();
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
            c.commit();
        } finally {
            database.giveBack(c);
        }
        database.sync();
    }

    private static long keptRows(MetadataDatabase database) throws Exception {
        Connection c = database.borrow();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM churn WHERE folder LIKE 'kept:%'")) {
            rs.next();
            return rs.getLong(1);
        } finally {
            c.commit();
            database.giveBack(c);
        }
    }
}

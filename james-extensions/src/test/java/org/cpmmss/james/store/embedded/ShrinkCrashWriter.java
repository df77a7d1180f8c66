package org.cpmmss.james.store.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

/**
 * Test helper run in a forked JVM by {@link MetadataShrinkCrashTest}: writes batches of rows into the metadata
 * database in {@code args[0]} without end (each batch 50 rows kept for ever and 950 that the next sweep deletes),
 * committed and forced, and prints {@code ACK <batch>} after each; every tenth batch deletes the swept rows. A second
 * thread runs the maintenance's passes back to back, chunk compaction and the shrink, and prints {@code SHRUNK} when
 * a shrink ran — so the file is being moved and truncated again and again when the test kills the process.
 */
public final class ShrinkCrashWriter {
    static final int KEPT_PER_BATCH = 50;
    private static final int SWEPT_PER_BATCH = 950;

    private ShrinkCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        MetadataDatabase database = MetadataDatabase.open(Path.of(args[0]), 2, 0, 1000, 80);
        int firstBatch = Integer.parseInt(args[1]);
        Thread maintenance = new Thread(() -> {
            for (;;) {
                database.compactChunks(80, 1 << 20);
                if (database.shrinkFile(70, 1 << 20, 4 << 20)) {
                    print("SHRUNK");
                }
            }
        });
        Connection ddl = database.borrow();
        try (Statement s = ddl.createStatement()) {
            s.execute(MetadataShrinkTest.CHURN);
            ddl.commit();
        } finally {
            database.giveBack(ddl);
        }
        maintenance.setDaemon(true);
        maintenance.start();
        for (int batch = firstBatch; ; batch++) {
            Connection c = database.borrow();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO churn(khash, khash2, folder,"
                + " uid_validity, uid, recorded_at) VALUES (?, ?, ?, 1, ?, 0)")) {
                for (int i = 0; i < KEPT_PER_BATCH + SWEPT_PER_BATCH; i++) {
                    insert.setLong(1, UUID.randomUUID().getMostSignificantBits());
                    insert.setLong(2, (long) batch << 20 | i);
                    insert.setString(3, (i < KEPT_PER_BATCH ? "kept:" : "swept:") + batch + ":" + i + ":"
                        + UUID.randomUUID() + UUID.randomUUID());
                    insert.setLong(4, batch);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                if (batch % 10 == 9) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM churn WHERE folder LIKE 'swept:%'");
                    }
                    c.commit();
                }
            } finally {
                database.giveBack(c);
            }
            database.sync();
            print("ACK " + batch);
        }
    }

    private static void print(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}

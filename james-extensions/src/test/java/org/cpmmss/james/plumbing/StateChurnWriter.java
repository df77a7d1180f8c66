package org.cpmmss.james.plumbing;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The forked writer of {@link StateDatabaseCompactionTest}: on a maintained state database ({@link StateDatabases#pool},
 * or with {@code args[1]} {@code group} the group-chunked one of the dedupe keys, {@link StateDatabases#groupCommittedPool}:
 * {@code RETENTION_TIME=0} behind the {@link ChunkReuseGuard}),
 * rewrites {@value #KEYS} keys over and over ({@code kv(k, v)}: v is the write's sequence number) and prints
 * {@code acked SEQ} once each write's connection is closed (the write is forced), while a second thread rewrites the
 * dead chunks and shrinks the file as fast as it can, printing {@code compacted N} after each pass that did something.
 * Runs until killed.
 */
public final class StateChurnWriter {
    static final int KEYS = 300;

    private StateChurnWriter() {
    }

    public static void main(String[] args) throws Exception {
        File file = new File(args[0], "state");
        boolean group = args.length > 1 && "group".equals(args[1]);
        StateDatabasePool pool = group ? StateDatabases.groupCommittedPool(file, 500) : StateDatabases.pool(file);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kv(k INT PRIMARY KEY, v BIGINT NOT NULL, pad VARCHAR NOT NULL)");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread compactor = new Thread(() -> {
            long passes = 0;
            while (running.get()) {
                try {
                    boolean rewrote = pool.compactChunks(90, 64 << 10);
                    boolean shrunk = pool.shrinkFile(80, 64 << 10, 4 << 20);
                    if (rewrote || shrunk) {
                        System.out.println("compacted " + ++passes);
                    }
                } catch (SQLException e) {
                    System.out.println("compaction failed " + e);
                }
            }
        });
        compactor.setDaemon(true);
        compactor.start();
        String pad = "p".repeat(200);
        for (long seq = 1; ; seq++) {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("MERGE INTO kv(k, v, pad) KEY(k) VALUES (?, ?, ?)")) {
                ps.setInt(1, (int) (seq % KEYS));
                ps.setLong(2, seq);
                ps.setString(3, pad);
                ps.executeUpdate();
            }
            System.out.println("acked " + seq);
        }
    }
}

package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.GroupCommit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoreException;

/**
 * Runs units of work on the metadata database. A write commits, takes a group-commit ticket and returns only after a
 * force covering it (segment bytes and database file); actions registered with {@link Tx#afterDurable} run after
 * that. A write that loses a race (duplicate single-instance digest, concurrent update, lock timeout) is retried.
 * A write whose force failed, or whose commit was dropped with the database's unforced state after a failed force
 * ({@link GroupCommit#lost}), fails: nothing of it reaches the disk later.
 */
public final class Transactor {
    private static final int ATTEMPTS = 8;

    /** One unit of work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** The connection of a unit of work and what to do once it is durable. */
    public static final class Tx {
        private final Connection connection;
        private final List<Runnable> afterDurable = new ArrayList<>();
        private final List<Runnable> atEnd = new ArrayList<>();
        private final List<Runnable> afterCommit = new ArrayList<>();

        Tx(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        public void afterDurable(Runnable action) {
            afterDurable.add(action);
        }

        /** Runs once the transaction has committed (in memory: before its force), not if it rolls back. */
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        private void committed() {
            afterCommit.forEach(Runnable::run);
            afterCommit.clear();
        }

        /** Runs once the transaction has committed or rolled back (before the force), whatever happened. */
        public void atEnd(Runnable action) {
            atEnd.add(action);
        }

        private void end() {
            atEnd.forEach(Runnable::run);
            atEnd.clear();
        }
    }

    private final MetadataDatabase database;
    private final GroupCommit groupCommit;

    public Transactor(MetadataDatabase database, GroupCommit groupCommit) {
        this.database = database;
        this.groupCommit = groupCommit;
    }

    public <T> T read(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection connection = database.borrow();
            T result;
            try {
                connection.setAutoCommit(true);
                Tx tx = new Tx(connection);
                result = work.run(tx);
                tx.committed(); // each statement committed as it ran
            } catch (SQLException e) {
                // a read after a failed write finds the database closed by H2: it is opened again and the read retried
                if (database.recoverAfterFailure(connection) && attempt == 1) {
                    continue;
                }
                throw new StoreException("metadata read failed", e);
            } catch (RuntimeException e) {
                database.recoverAfterFailure(connection);
                throw e;
            }
            database.giveBack(connection);
            return result;
        }
    }

    public <T> T write(Work<T> work) {
        return write(work, SharedForce.IMMEDIATE);
    }

    /**
     * As {@link #write(Work)}; with a {@link GroupForce} of this store the write returns once committed, its force,
     * its loss check and its after-durable actions left to {@link SharedForce#complete()}.
     */
    public <T> T write(Work<T> work, SharedForce force) {
        GroupForce shared = force instanceof GroupForce g && g.joins(groupCommit) ? g : null;
        // a write on its own is a group of one, completed here
        GroupForce group = shared != null ? shared : new GroupForce(groupCommit);
        group.checkOpen();
        for (int attempt = 1; ; attempt++) {
            Connection connection = database.borrow();
            long epoch = groupCommit.epoch();
            Tx tx = new Tx(connection);
            T result;
            long ticket;
            try {
                connection.setAutoCommit(false);
                result = work.run(tx);
                connection.commit();
                tx.committed();
                ticket = groupCommit.written();
            } catch (SQLException e) {
                rollback(connection);
                boolean reopened = database.recoverAfterFailure(connection);
                if (attempt < ATTEMPTS && (transientFailure(e) || reopened && attempt == 1)) {
                    continue;
                }
                throw new StoreException("metadata write failed", e);
            } catch (RuntimeException e) {
                rollback(connection);
                database.recoverAfterFailure(connection);
                throw e;
            } finally {
                tx.end(); // the segment the write appended to is no longer pinned
            }
            database.giveBack(connection);
            group.add(epoch, ticket, tx.afterDurable);
            if (shared == null) {
                group.complete();
            }
            return result;
        }
    }

    private static boolean transientFailure(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        return "23505".equals(state) || "40001".equals(state) || code == 90131 || code == 50200 || code == 40001;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is reset on next use
        }
    }
}

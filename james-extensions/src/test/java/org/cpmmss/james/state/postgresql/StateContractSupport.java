package org.cpmmss.james.state.postgresql;

import java.io.File;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What every contract test of the state repositories shares: one backend per test run, a hand-moved clock. */
abstract class StateContractSupport {
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    File directory;

    final StateBackend.TestClock clock = new StateBackend.TestClock(T0);
    private StateBackend backend;

    StateBackend backend(String kind) {
        backend = new StateBackend(kind, directory, clock);
        return backend;
    }

    @AfterEach
    void closeBackend() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }
}

package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metadata database lends its most recently returned connection first: the H2 session that just ran a listing
 * runs the next one, and answers a statement repeated on an unchanged store from its last result (a device's body
 * pass after its header pass).
 */
class MetadataPoolOrderTest {
    private final Path dir = StoreTestSupport.tempDir();

    @AfterEach
    void tearDown() {
        StoreTestSupport.delete(dir);
    }

    @Test
    void theConnectionGivenBackLastIsLentFirst() {
        try (MetadataDatabase database = MetadataDatabase.open(dir, 3, 0, 1000, 80)) {
            Connection first = database.borrow();
            Connection second = database.borrow();
            database.giveBack(first);
            database.giveBack(second);
            assertThat(database.borrow()).isSameAs(second);
            database.giveBack(second);
            assertThat(database.borrow()).isSameAs(second);
            database.giveBack(second);
            Connection a = database.borrow();
            Connection b = database.borrow();
            assertThat(a).isSameAs(second);
            assertThat(b).isSameAs(first);
            database.giveBack(b);
            database.giveBack(a);
        }
    }
}

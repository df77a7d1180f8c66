package org.cpmmss.james.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session kinds answer the same with the in-memory filter of the pairs written: a pair written before the
 * store was opened (read into the filter at start), a pair written while it runs (found at once, whatever the case
 * of the owner) and a pair never written (none, without reading the database).
 */
class SessionKindFilterTest {
    private File dir;

    @AfterEach
    void tearDown() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.walk(dir.toPath())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void pairsWrittenBeforeAndAfterTheStartAreFoundAndOthersAreNot() throws Exception {
        dir = Files.createTempDirectory("session-kinds").toFile();
        H2CpmStateStore first = new H2CpmStateStore(dir);
        try {
            // written before the filter is built, and after
            first.rememberSessionKind("Alice@Example.com", "before-1", true);
            assertThat(first.awaitSessionKindFilter(Duration.ofSeconds(30))).isTrue();
            first.rememberSessionKind("alice@example.com", "during-1", false);
            assertThat(first.sessionKind("alice@example.com", "before-1")).contains(true);
            assertThat(first.sessionKind("ALICE@example.com", "during-1")).contains(false);
            assertThat(first.sessionKind("alice@example.com", "never")).isEmpty();
            assertThat(first.sessionKind("bob@example.com", "before-1")).isEmpty();
            first.rememberSessionKind("alice@example.com", "during-1", true); // a later decision replaces the first
            assertThat(first.sessionKind("alice@example.com", "during-1")).contains(true);
            for (int i = 0; i < 2000; i++) {
                first.rememberSessionKind("carol@example.com", "many-" + i, i % 2 == 0);
            }
        } finally {
            first.close();
        }

        H2CpmStateStore second = new H2CpmStateStore(dir);
        try {
            assertThat(second.awaitSessionKindFilter(Duration.ofSeconds(30))).isTrue();
            assertThat(second.sessionKind("alice@example.com", "before-1")).contains(true);
            assertThat(second.sessionKind("alice@example.com", "during-1")).contains(true);
            for (int i = 0; i < 2000; i++) {
                assertThat(second.sessionKind("Carol@example.com", "many-" + i)).contains(i % 2 == 0);
                assertThat(second.sessionKind("carol@example.com", "other-" + i)).isEmpty();
            }
        } finally {
            second.close();
        }
    }
}

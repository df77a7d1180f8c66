package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 27: an idempotency key handed to the append is recorded in the message's own transaction — the same commit and
 * the same forces — so it is never durable without its message nor the message without it.
 */
class RecordedKeyCommitTest {
    private static final String OWNER = RecordedKeyCrashWriter.OWNER;
    private static final FolderName FOLDER = new FolderName("#private", OWNER, RecordedKeyCrashWriter.FOLDER);

    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private static RecordedKey key(int n) {
        return new RecordedKey(OWNER, "imdn:m" + n, FOLDER.name(), 7, false);
    }

    @Test
    void theKeyIsWrittenByTheAppendUnderItsForcesAndGoesWithAFailedOne() {
        AtomicInteger forces = new AtomicInteger();
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC(),
            target -> () -> {
                forces.incrementAndGet();
                target.sync();
            });
        Folder folder = storage.folders().create(FOLDER, 7);
        RecordedKeys keys = storage.recordedKeys();

        int before = forces.get();
        StoredMessage stored = storage.messages().append(folder.id(), StoreTestSupport.chat(1), key(1));
        assertThat(forces.get() - before).as("one segment force and one metadata force, key included").isEqualTo(2);
        assertThat(keys.find(OWNER.toUpperCase(), "imdn:m1")).as("owner compared case-insensitively")
            .contains(new RecordedKeys.Entry(FOLDER.name(), 7, stored.uid()));
        assertThat(keys.find(OWNER, "imdn:m2")).isEmpty();

        // a write that fails records nothing (no such folder: the transaction is rolled back)
        long missingFolder = folder.id() + 1000;
        try {
            storage.messages().append(missingFolder, StoreTestSupport.chat(2), key(2));
        } catch (StoreException expected) {
            // no folder
        }
        assertThat(keys.find(OWNER, "imdn:m2")).isEmpty();

        // recorded again (the message was found missing): the record follows the new message
        StoredMessage again = storage.messages().append(folder.id(), StoreTestSupport.chat(1),
            new RecordedKey(OWNER, "imdn:m1", FOLDER.name(), 7, true));
        assertThat(keys.find(OWNER, "imdn:m1")).map(RecordedKeys.Entry::uid).contains(again.uid());

        // an append without a key records nothing
        storage.messages().append(folder.id(), StoreTestSupport.chat(3));
        assertThat(keys.find(OWNER, "imdn:m3")).isEmpty();
    }

    @Test
    void keysAreDroppedByAgeInBatches() {
        TestClock clock = new TestClock(Instant.parse("2026-12-05T20:00:00Z"));
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), clock);
        Folder folder = storage.folders().create(FOLDER, 7);
        for (int n = 0; n < 5; n++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(n), key(n));
        }
        clock.advance(Duration.ofSeconds(60));
        storage.recordedKeys().record(key(9), 1);
        storage.close();
        // no expiry has run: the appends paid for no date index
        assertThat(expiryIndexPresent()).isFalse();
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), clock);
        assertThat(storage.recordedKeys().forgetBefore(clock.millis(), 3)).isEqualTo(3);
        assertThat(storage.recordedKeys().forgetBefore(clock.millis(), 3)).isEqualTo(2);
        assertThat(storage.recordedKeys().forgetBefore(clock.millis(), 3)).isZero();
        assertThat(storage.recordedKeys().find(OWNER, "imdn:m9")).isPresent();
        assertThat(storage.messages().list(folder.id(), UidRange.ALL, 0)).hasSize(5);
        storage.close();
        storage = null;
        assertThat(expiryIndexPresent()).isTrue();
    }

    /** Whether the metadata database holds the expiry's index on {@code recorded_at} (the store closed). */
    private boolean expiryIndexPresent() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath()
                 .resolve("meta") + ";COMPRESS=TRUE;MAX_COMPACT_TIME=0;IFEXISTS=TRUE");
             java.sql.ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES"
                 + " WHERE INDEX_NAME = 'RECORDED_KEY_AT'")) {
            rows.next();
            return rows.getInt(1) == 1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void afterSigkillEveryAcknowledgedAppendHasItsKeyAndNoKeyLacksItsMessage() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), RecordedKeyCrashWriter.class.getName(), dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        Map<Integer, Long> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                String[] f = line.split(" ");
                acknowledged.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().find(FOLDER).orElseThrow();
        Map<Long, StoredMessage> messages = new HashMap<>();
        for (StoredMessage m : storage.messages().list(folder.id(), UidRange.ALL, 0)) {
            messages.put(m.uid(), m);
        }
        int max = acknowledged.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow() + 64;
        int keys = 0;
        for (int n = 0; n <= max; n++) {
            Optional<RecordedKeys.Entry> entry = storage.recordedKeys().find(OWNER, "imdn:m" + n);
            if (acknowledged.containsKey(n)) {
                assertThat(entry).as("acknowledged m%d has its key", n).map(RecordedKeys.Entry::uid)
                    .contains(acknowledged.get(n));
            }
            if (entry.isPresent()) {
                keys++;
                StoredMessage m = messages.get(entry.get().uid());
                assertThat(m).as("the message of key m%d", n).isNotNull();
                assertThat(new String(storage.content().read(m.header()), StandardCharsets.US_ASCII))
                    .contains("IMDN-Message-ID: m" + n + "\r\n");
            }
        }
        assertThat(keys).as("every stored message has its key").isEqualTo(messages.size());
    }
}

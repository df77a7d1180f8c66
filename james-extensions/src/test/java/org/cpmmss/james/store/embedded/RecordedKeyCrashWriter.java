package org.cpmmss.james.store.embedded;

import java.nio.file.Path;
import java.time.Clock;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * Test helper run in a forked JVM by {@link RecordedKeyCommitTest}: appends messages without end to the store in
 * {@code args[0]}, each with its key {@code imdn:m<n>}, from four threads, and prints {@code ACK <n> <uid>} after each
 * append returns, until it is killed.
 */
public final class RecordedKeyCrashWriter {
    static final String OWNER = "+33600000001@cpm";
    static final String FOLDER = "Default/tel:+33600000002";

    private RecordedKeyCrashWriter() {
    }

    public static void main(String[] args) {
        EmbeddedStorage storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Path.of(args[0])),
            Clock.systemUTC());
        FolderName name = new FolderName("#private", OWNER, FOLDER);
        Folder folder = storage.folders().find(name).orElseGet(() -> storage.folders().create(name, 7));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            new Thread(() -> {
                for (;;) {
                    int n = next.getAndIncrement();
                    StoredMessage stored = storage.messages().append(folder.id(), StoreTestSupport.chat(n),
                        new RecordedKey(OWNER, "imdn:m" + n, FOLDER, 7, false));
                    synchronized (System.out) {
                        System.out.println("ACK " + n + " " + stored.uid());
                        System.out.flush();
                    }
                }
            }).start();
        }
    }
}

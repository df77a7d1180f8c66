package org.cpmmss.james.store.embedded;

import java.nio.file.Path;
import java.time.Clock;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * Test helper run in a forked JVM by {@link SegmentCrashRecoveryTest}: appends messages without end to the store in
 * {@code args[0]} (H2 RETENTION_TIME in ms: {@code args[1]}, default 2000) and prints {@code ACK <uid> <n>} after each append returns, until it is killed.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) {
        EmbeddedStorage storage = EmbeddedStorage.open(
            new EmbeddedStorage.Settings(Path.of(args[0]), 256 * 1024, 4,
                args.length > 1 ? Integer.parseInt(args[1]) : 2000), Clock.systemUTC());
        FolderName name = new FolderName("#private", "+33600000001@cpm", "INBOX");
        Folder inbox = storage.folders().find(name).orElseGet(() -> storage.folders().create(name, 1));
        for (int n = 0; ; n++) {
            StoredMessage stored = storage.messages().append(inbox.id(), StoreTestSupport.chat(n));
            System.out.println("ACK " + stored.uid() + " " + n);
            System.out.flush();
        }
    }
}

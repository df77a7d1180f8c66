package org.cpmmss.james.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which of the test JVMs running side by side this one is (1..forks), so that each draws server ports from its own
 * range ({@link CpmMssTestServer#freePort()}). Surefire's {@code cpm.test.fork} (pom.xml) is used when it is set;
 * it arrives empty with this build's Surefire, so otherwise the JVM takes the first free slot by holding an
 * exclusive lock on {@code <tmp>/cpm-mss-test-slot-N.lock} until it exits (the operating system drops the lock when
 * the JVM ends, however it ends): two JVMs never hold the same slot, so never draw the same port.
 */
final class TestJvmSlot {
    private static Integer slot;
    private static FileLock held;

    private TestJvmSlot() {
    }

    static synchronized int of(int forks) {
        if (slot != null) {
            return slot;
        }
        Integer configured = Integer.getInteger("cpm.test.fork");
        if (configured != null && configured >= 1) {
            slot = configured;
            return slot;
        }
        for (int candidate = 1; candidate <= forks; candidate++) {
            if (lock(candidate)) {
                slot = candidate;
                return slot;
            }
        }
        slot = 1; // more JVMs than slots: share the first (the pre-existing behaviour)
        return slot;
    }

    private static boolean lock(int candidate) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "cpm-mss-test-slot-" + candidate + ".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            held = lock; // kept (and its channel open) for the JVM's life
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }
}

package org.cpmmss.james.plumbing;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for cpm-mss's background work (sweepers, committers, senders): daemon threads, so none of them
 * keeps the JVM alive after the server stopped, with a name that says what they do in thread dumps.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** One thread named {@code name} (for a single-thread executor). */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, … (for a pool). */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

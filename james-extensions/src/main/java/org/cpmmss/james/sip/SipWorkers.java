package org.cpmmss.james.sip;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.cpmmss.james.plumbing.DaemonThreads;

/**
 * The bridge's thread pools: {@code sip.threads} workers for requests with a queue of {@code sip.queue} (the stack's
 * own threads only parse and hand over; a request finding both full is answered 503), and four threads pushing
 * queued deferred messages to registered clients. Threads start with the first task; {@link #stop()} lets the
 * requests in progress finish (up to 10 s) and abandons the pushes (their entries stay queued).
 */
final class SipWorkers {
    private final ExecutorService requests;
    private final ExecutorService pushes;

    SipWorkers(SipBridgeConfiguration configuration) {
        this.requests = new ThreadPoolExecutor(configuration.threads(), configuration.threads(), 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, configuration.queue())), DaemonThreads.numbered("cpm-sip-worker"));
        this.pushes = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
            DaemonThreads.numbered("cpm-sip-push"));
    }

    ExecutorService requests() {
        return requests;
    }

    ExecutorService pushes() {
        return pushes;
    }

    void stop() {
        requests.shutdown();
        pushes.shutdownNow();
        try {
            requests.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

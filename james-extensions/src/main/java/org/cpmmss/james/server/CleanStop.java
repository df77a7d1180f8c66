package org.cpmmss.james.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cpmmss.james.plumbing.CpmMssVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * How the server process ends: on SIGTERM or SIGINT it runs the stop (doors closed, databases closed) and
 * then exits with status 0, or 1 when the stop failed, instead of the JVM's default 128+signal (143 for
 * SIGTERM), so that {@code systemctl stop} and {@code docker stop} see a clean exit. Any other way out of the
 * JVM (System.exit, the last thread ending) runs the same stop from a shutdown hook; it runs only once.
 * It is installed before the server starts, so a signal during the start is not the JVM's 143 either: the stop
 * then waits for the start to end.
 */
public final class CleanStop {
    private static final Logger LOGGER = LoggerFactory.getLogger(CleanStop.class);

    private final Runnable stop;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch startEnded = new CountDownLatch(1);
    private volatile boolean failed;

    private CleanStop(Runnable stop) {
        this.stop = stop;
    }

    /** Installs the SIGTERM/SIGINT handlers and the shutdown hook around {@code stop}; call {@link #startEnded()} next. */
    public static CleanStop install(Runnable stop) {
        CleanStop cleanStop = new CleanStop(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(cleanStop::stopOnce, "cpm-mss-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> cleanStop.onSignal(signal.getName()));
            } catch (IllegalArgumentException e) {
                LOGGER.debug("SIG{} not handled ({}): the shutdown hook stops the server", name, e.getMessage());
            }
        }
        return cleanStop;
    }

    /** The server's start returned or failed: a stop may run now. */
    public void startEnded() {
        startEnded.countDown();
    }

    private void onSignal(String name) {
        if (started.get()) {
            return; // a second signal while stopping: the first one's exit follows
        }
        LOGGER.info("SIG{} received: stopping cpm-mss", name);
        try {
            startEnded.await(); // a failed start exits on its own (James's System.exit, then the hook)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        stopOnce();
        System.exit(failed ? 1 : 0);
    }

    private synchronized void stopOnce() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            stop.run();
            LOGGER.info("cpm-mss {} stopped cleanly", CpmMssVersion.version());
        } catch (RuntimeException | Error e) {
            failed = true;
            LOGGER.error("cpm-mss stop failed", e);
        }
    }
}

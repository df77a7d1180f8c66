package org.cpmmss.james.sip;

import java.time.Duration;

import javax.sip.SipStack;

/**
 * Stops a JAIN-SIP stack without its fixed pause: {@code SIPTransactionStack.stopStack()} closes the sockets, stops
 * the timer and then sleeps one second before it clears its transaction tables (1.0 s of every server stop,
 * docs/benchmarks.md, issue 22). The stop runs on a thread of its own; once that thread sleeps in {@code stopStack}
 * (the sockets are closed by then) it is interrupted, which JAIN-SIP takes as the end of the pause, and the rest of the
 * stop runs at once. Returns when the stop has ended, or after {@code limit} in any case (the thread is a daemon).
 */
final class SipStackStop {
    private static final long POLL_MILLIS = 5;

    private SipStackStop() {
    }

    /** Stops {@code stack}; returns whether its stop ended within {@code limit}. */
    static boolean stop(SipStack stack, Duration limit) {
        Thread stopping = new Thread(stack::stop, "sip-stack-stop");
        stopping.setDaemon(true);
        stopping.start();
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        try {
            while (stopping.isAlive() && System.nanoTime() - deadline < 0) {
                if (inStopPause(stopping)) {
                    stopping.interrupt();
                }
                try {
                    stopping.join(POLL_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return !stopping.isAlive();
    }

    /** Whether {@code thread} sleeps inside the stack's {@code stopStack}, after it closed the sockets. */
    private static boolean inStopPause(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        if (frames.length == 0 || !frames[0].getClassName().equals(Thread.class.getName())
            || !frames[0].getMethodName().startsWith("sleep")) {
            return false;
        }
        for (StackTraceElement frame : frames) {
            if (frame.getMethodName().equals("stopStack")) {
                return true;
            }
        }
        return false;
    }
}

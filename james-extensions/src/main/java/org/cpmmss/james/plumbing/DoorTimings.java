package org.cpmmss.james.plumbing;

import java.time.Duration;

/**
 * Where a door publishes how long it took to answer one command (SMTP, LMTP, SIP MESSAGE, ...). The doors see only
 * this interface; the operator side ({@code org.cpmmss.james.ops.metrics.DoorTimers}) implements it and exposes the
 * figures on {@code /metrics}, so no door imports the metrics code.
 */
public interface DoorTimings {
    /** Records that {@code door} answered {@code command} after {@code elapsed}. */
    void record(String door, String command, Duration elapsed);
}

package org.cpmmss.james.ops;

/**
 * Runs one pass of the deferred-message expiry sweeper now. The sweeper binds an implementation with
 * {@code OptionalBinder.newOptionalBinder(binder(), ExpirySweepTrigger.class).setBinding().to(...)};
 * without one, {@code POST /cpm/admin/sweep} answers 501.
 */
public interface ExpirySweepTrigger {
    /** Sweeps synchronously and returns the number of temporary objects removed. */
    long sweepNow() throws Exception;
}

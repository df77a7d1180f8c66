package org.cpmmss.james.deferred;

import org.cpmmss.recording.port.ExpiryIndex;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.cpmmss.recording.port.DeferredQueue;

/** Test and operator hook: run an expiry sweep now (instead of waiting for the schedule); the index and the queue. */
public class DeferredProbe implements GuiceProbe {
    private final ExpirySweeper sweeper;
    private final ExpiryIndex index;
    private final DeferredQueue queue;

    @Inject
    public DeferredProbe(ExpirySweeper sweeper, ExpiryIndex index, DeferredQueue queue) {
        this.sweeper = sweeper;
        this.index = index;
        this.queue = queue;
    }

    public ExpirySweeper.Result sweep() {
        return sweeper.sweep();
    }

    /** The temporary objects' part of a sweep only (the sweep benchmark). */
    public ExpirySweeper.Result sweepTemporaryObjects() {
        return sweeper.sweepTemporaryObjects();
    }

    public ExpiryIndex expiryIndex() {
        return index;
    }

    public DeferredQueue deferredQueue() {
        return queue;
    }
}

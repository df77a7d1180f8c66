package org.cpmmss.james.deferred;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** Test and operator hook: run an expiry sweep now (instead of waiting for the schedule). */
public class DeferredProbe implements GuiceProbe {
    private final ExpirySweeper sweeper;

    @Inject
    public DeferredProbe(ExpirySweeper sweeper) {
        this.sweeper = sweeper;
    }

    public ExpirySweeper.Result sweep() {
        return sweeper.sweep();
    }
}

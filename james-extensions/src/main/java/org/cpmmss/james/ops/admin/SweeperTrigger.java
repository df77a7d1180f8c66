package org.cpmmss.james.ops.admin;

import javax.inject.Inject;

import org.cpmmss.james.deferred.ExpirySweeper;
import org.cpmmss.james.ops.ExpirySweepTrigger;

/** {@code POST /cpm/admin/sweep}: one pass of the deferred-message expiry sweeper, now. */
public class SweeperTrigger implements ExpirySweepTrigger {
    private final ExpirySweeper sweeper;

    @Inject
    public SweeperTrigger(ExpirySweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public long sweepNow() {
        return sweeper.sweep().expunged();
    }
}

package org.cpmmss.james.deferred;

import java.time.Duration;
import java.util.Optional;

import org.cpmmss.james.outbound.RelayTarget;
import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Deferred-message settings: expiry default/max and sweep interval from {@link CpmPolicy}, and
 * {@code cpm.deferred.outbound-relay} ({@code host:port}; empty = positive delivery notifications are not
 * sent to the PF, only stored for a hosted originator).
 */
public record DeferredSettings(Duration expiryDefault, Duration expiryMax, Duration sweepInterval,
                               Optional<RelayTarget> relay) {
    public static final String OUTBOUND_RELAY = "cpm.deferred.outbound-relay";

    public static DeferredSettings from(CpmPolicy policy, String relay) {
        return new DeferredSettings(policy.deferredExpiryDefault(), policy.deferredExpiryMax(),
            policy.deferredSweepInterval(), RelayTarget.parse(OUTBOUND_RELAY, relay));
    }
}

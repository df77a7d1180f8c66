package org.cpmmss.james.deferred.queue;

import java.time.Duration;
import java.util.Optional;

import org.cpmmss.james.outbound.RelayTarget;
import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Deferred-message settings: expiry default/max and sweep interval from {@link CpmPolicy},
 * {@code cpm.deferred.outbound-relay} ({@code host:port}; empty = positive delivery notifications are not
 * sent to the PF, only stored for a hosted originator) and {@code cpm.deferred.interworking-relay}
 * ({@code host:port} of the interworking function's SMTP relay that the deferred queue's interwork action
 * re-submits to; empty = the action is refused).
 */
public record DeferredSettings(Duration expiryDefault, Duration expiryMax, Duration sweepInterval,
                               Optional<RelayTarget> relay, Optional<RelayTarget> interworkingRelay) {
    public static final String OUTBOUND_RELAY = "cpm.deferred.outbound-relay";
    public static final String INTERWORKING_RELAY = "cpm.deferred.interworking-relay";

    public DeferredSettings(Duration expiryDefault, Duration expiryMax, Duration sweepInterval, Optional<RelayTarget> relay) {
        this(expiryDefault, expiryMax, sweepInterval, relay, Optional.empty());
    }

    public static DeferredSettings from(CpmPolicy policy, String relay) {
        return from(policy, relay, null);
    }

    public static DeferredSettings from(CpmPolicy policy, String relay, String interworkingRelay) {
        return new DeferredSettings(policy.deferredExpiryDefault(), policy.deferredExpiryMax(),
            policy.deferredSweepInterval(), RelayTarget.parse(OUTBOUND_RELAY, relay),
            RelayTarget.parse(INTERWORKING_RELAY, interworkingRelay));
    }
}

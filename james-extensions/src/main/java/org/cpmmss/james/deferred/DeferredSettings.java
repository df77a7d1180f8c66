package org.cpmmss.james.deferred;

import java.time.Duration;
import java.util.Optional;

import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Deferred-message settings: expiry default/max and sweep interval from {@link CpmPolicy}, and
 * {@code cpm.deferred.outbound-relay} ({@code host:port}; empty = positive delivery notifications are not
 * sent to the PF, only stored for a hosted originator).
 */
public record DeferredSettings(Duration expiryDefault, Duration expiryMax, Duration sweepInterval,
                               Optional<String> relayHost, int relayPort) {
    public static final String OUTBOUND_RELAY = "cpm.deferred.outbound-relay";

    public static DeferredSettings from(CpmPolicy policy, String relay) {
        Optional<String> host = Optional.empty();
        int port = 25;
        if (relay != null && !relay.isBlank()) {
            String r = relay.trim();
            int colon = r.lastIndexOf(':');
            if (colon > 0) {
                try {
                    port = Integer.parseInt(r.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(OUTBOUND_RELAY + " must be host:port, not " + relay, e);
                }
                host = Optional.of(r.substring(0, colon));
            } else {
                host = Optional.of(r);
            }
        }
        return new DeferredSettings(policy.deferredExpiryDefault(), policy.deferredExpiryMax(),
            policy.deferredSweepInterval(), host, port);
    }
}

package org.cpmmss.james.ops.health;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.core.healthcheck.Result;
import org.cpmmss.james.plumbing.SipDoorStatus;
import org.cpmmss.james.sip.SipBridgeConfiguration;
import org.reactivestreams.Publisher;

/**
 * Builds the SIP bridge health check on a given configuration, null meaning "not started" (the server builds it on
 * the running bridge).
 */
public final class SipBridgeHealthCheckAccess {
    private SipBridgeHealthCheckAccess() {
    }

    public static Publisher<Result> check(Supplier<SipBridgeConfiguration> configuration) {
        SipDoorStatus door = () -> Optional.ofNullable(configuration.get()).map(c ->
            new SipDoorStatus.Listening(c.enabled(), c.host(), c.port(), c.transports().get(0)));
        return new SipBridgeHealthCheck(door).check();
    }
}

package org.cpmmss.james.ops.health;

import java.util.function.Supplier;

import org.apache.james.core.healthcheck.Result;
import org.cpmmss.james.sip.SipBridgeConfiguration;
import org.reactivestreams.Publisher;

/** Builds the SIP bridge health check on a given configuration (the server builds it on the running bridge). */
public final class SipBridgeHealthCheckAccess {
    private SipBridgeHealthCheckAccess() {
    }

    public static Publisher<Result> check(Supplier<SipBridgeConfiguration> configuration) {
        return new SipBridgeHealthCheck(configuration).check();
    }
}

package org.cpmmss.james.plumbing;

import java.util.Optional;

/**
 * Where the SIP door listens, for the operator side's health check ({@code org.cpmmss.james.ops.health
 * .SipBridgeHealthCheck}) that probes it with an OPTIONS: the health check sees only this interface, never the SIP
 * door's classes. Bound by the SIP door's module to its stack.
 */
public interface SipDoorStatus {
    /** The door's listening point once it started (enabled or not); empty before it started. */
    Optional<Listening> started();

    /** Whether the door runs ({@code sip.enabled}), and its first listening point ({@code sip.bind}, first transport). */
    record Listening(boolean enabled, String host, int port, String transport) {
    }
}

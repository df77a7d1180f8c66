package org.cpmmss.james.sip;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.cpmmss.recording.port.DeferredQueue;

/** Test and operator access to the bridge's state (registrations, deferred queue, outbound route, configuration). */
public class SipBridgeProbe implements GuiceProbe {
    private final RegistrationRepository registrations;
    private final DeferredQueue deferredQueue;
    private final SipOutboundRoute outboundRoute;
    private final SipBridgeConfiguration configuration;
    private final SipBridge bridge;

    @Inject
    public SipBridgeProbe(RegistrationRepository registrations, DeferredQueue deferredQueue, SipOutboundRoute outboundRoute,
                          SipBridgeConfiguration configuration, SipBridge bridge) {
        this.registrations = registrations;
        this.deferredQueue = deferredQueue;
        this.outboundRoute = outboundRoute;
        this.configuration = configuration;
        this.bridge = bridge;
    }

    public List<Registration> registrations(String account) {
        return registrations.bindings(account);
    }

    public DeferredQueue deferredQueue() {
        return deferredQueue;
    }

    public SipOutboundRoute outboundRoute() {
        return outboundRoute;
    }

    public SipBridgeConfiguration configuration() {
        return configuration;
    }

    /** The class of the running SIP stack's network layer (its sockets); empty when the bridge does not run. */
    public java.util.Optional<Class<?>> networkLayer() {
        return bridge.networkLayer().map(Object::getClass);
    }
}

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

    @Inject
    public SipBridgeProbe(RegistrationRepository registrations, DeferredQueue deferredQueue, SipOutboundRoute outboundRoute,
                          SipBridgeConfiguration configuration) {
        this.registrations = registrations;
        this.deferredQueue = deferredQueue;
        this.outboundRoute = outboundRoute;
        this.configuration = configuration;
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
}

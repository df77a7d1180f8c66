package org.cpmmss.james.sip;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.cpmmss.recording.port.DeferredQueue;

/** Test and operator access to the bridge's state (registrations, deferred queue, outbound route). */
public class SipBridgeProbe implements GuiceProbe {
    private final SipBridge bridge;

    @Inject
    public SipBridgeProbe(SipBridge bridge) {
        this.bridge = bridge;
    }

    public List<Registration> registrations(String account) {
        return bridge.registrations().bindings(account);
    }

    public DeferredQueue deferredQueue() {
        return bridge.deferredQueue();
    }

    public SipOutboundRoute outboundRoute() {
        return bridge.outboundRoute();
    }

    public SipBridgeConfiguration configuration() {
        return bridge.configuration();
    }
}

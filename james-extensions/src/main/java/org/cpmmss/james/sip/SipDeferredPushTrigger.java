package org.cpmmss.james.sip;

import java.util.Set;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.core.Username;
import org.cpmmss.recording.preferences.PreferenceValues;
import org.cpmmss.recording.port.QueuedMessageListener;
import org.cpmmss.james.recording.CpmPreferenceChangeListener;
import org.cpmmss.recording.preferences.CpmPreference;

/**
 * When the bridge pushes queued deferred messages besides a REGISTER: a message was just queued for a
 * {@code push} user, or the user's {@code do-not-disturb} or {@code deferred-delivery} changed (IMAP SETMETADATA or
 * HTTP PUT), which lifts the hold. The pusher checks the preferences itself; this only triggers it.
 */
class SipDeferredPushTrigger implements QueuedMessageListener, CpmPreferenceChangeListener {
    private final Provider<SipBridge> bridge;

    @Inject
    SipDeferredPushTrigger(Provider<SipBridge> bridge) {
        this.bridge = bridge;
    }

    @Override
    public void queued(String owner, PreferenceValues preferences) {
        if (preferences.deferredDelivery().equals("push") && !preferences.doNotDisturb()) {
            bridge.get().pushQueued(owner);
        }
    }

    @Override
    public void changed(Username user, Set<CpmPreference> preferences) {
        if (preferences.contains(CpmPreference.DO_NOT_DISTURB) || preferences.contains(CpmPreference.DEFERRED_DELIVERY)) {
            bridge.get().pushQueued(user.asString());
        }
    }
}

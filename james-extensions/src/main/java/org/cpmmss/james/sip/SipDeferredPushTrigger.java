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
 * HTTP PUT), which lifts the hold. Only while the bridge runs; the pusher checks the preferences itself, this only
 * triggers it. (Providers: the pipeline that calls this listener is built before the bridge's parts.)
 */
class SipDeferredPushTrigger implements QueuedMessageListener, CpmPreferenceChangeListener {
    private final Provider<SipEndpoint> endpoint;
    private final Provider<DeferredPusher> pusher;

    @Inject
    SipDeferredPushTrigger(Provider<SipEndpoint> endpoint, Provider<DeferredPusher> pusher) {
        this.endpoint = endpoint;
        this.pusher = pusher;
    }

    @Override
    public void queued(String owner, PreferenceValues preferences) {
        if (preferences.deferredDelivery().equals("push") && !preferences.doNotDisturb()) {
            pushQueued(owner);
        }
    }

    @Override
    public void changed(Username user, Set<CpmPreference> preferences) {
        if (preferences.contains(CpmPreference.DO_NOT_DISTURB) || preferences.contains(CpmPreference.DEFERRED_DELIVERY)) {
            pushQueued(user.asString());
        }
    }

    /** Pushes the account's queued deferred messages to its registered clients now. */
    private void pushQueued(String account) {
        if (endpoint.get().running()) {
            pusher.get().pushToRegistered(account);
        }
    }
}

package org.cpmmss.james.sip;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxManager;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.RecipientPresence;

/**
 * The pipeline's view of a live message's recipient ({@link RecipientPresence}): do-not-disturb and
 * reject-when-offline from the METADATA entries of their INBOX ({@link SipUserPreferences}), and whether the bridge's
 * registrar holds a binding for them. The registrar is only asked when reject-when-offline is on.
 */
public class SipRecipientPresence implements RecipientPresence {
    private final SipBridge bridge;
    private final SipUserPreferences preferences;

    @Inject
    public SipRecipientPresence(SipBridge bridge, MailboxManager mailboxManager, CpmPolicy policy) {
        this.bridge = bridge;
        this.preferences = new SipUserPreferences(mailboxManager, policy.defaultDeferredDelivery());
    }

    @Override
    public Presence of(String account) throws Exception {
        SipUserPreferences.Preferences prefs = preferences.read(account);
        boolean registered = false;
        if (prefs.rejectWhenOffline() && !prefs.doNotDisturb()) {
            RegistrationRepository registrations = bridge.registrations();
            registered = registrations != null && !registrations.bindings(account).isEmpty();
        }
        return new Presence(prefs.doNotDisturb(), prefs.rejectWhenOffline(), registered);
    }
}

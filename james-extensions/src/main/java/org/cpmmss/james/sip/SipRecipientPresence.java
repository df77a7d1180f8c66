package org.cpmmss.james.sip;

import javax.inject.Inject;

import org.cpmmss.recording.port.RecipientPresence;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.PreferenceValues;

/**
 * The pipeline's view of a live message's recipient ({@link RecipientPresence}): do-not-disturb and
 * reject-when-offline from the one preference reader ({@link UserPreferences}), and whether the bridge's registrar
 * holds a binding for them. The registrations are only asked when reject-when-offline is on.
 */
public class SipRecipientPresence implements RecipientPresence {
    private final UserPreferences preferences;
    private final RegistrationRepository registrations;

    @Inject
    public SipRecipientPresence(UserPreferences preferences, RegistrationRepository registrations) {
        this.preferences = preferences;
        this.registrations = registrations;
    }

    @Override
    public Presence of(String account) throws Exception {
        PreferenceValues prefs = preferences.read(account);
        boolean registered = false;
        if (prefs.rejectWhenOffline() && !prefs.doNotDisturb()) {
            registered = !registrations.bindings(account).isEmpty();
        }
        return new Presence(prefs.doNotDisturb(), prefs.rejectWhenOffline(), registered);
    }
}

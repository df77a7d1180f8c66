package org.cpmmss.james.recording;

import java.util.Set;

import org.apache.james.core.Username;
import org.cpmmss.recording.preferences.CpmPreference;

/**
 * Told after a user's cpm preferences were written (IMAP SETMETADATA or the HTTP API, both through
 * {@link CpmPreferenceValidatingAnnotationManager}), e.g. to release deferred messages when do-not-disturb is
 * lifted. Bound with a Guice multibinder; called on the writer's thread after the commit, must not block.
 */
public interface CpmPreferenceChangeListener {
    void changed(Username user, Set<CpmPreference> preferences);
}

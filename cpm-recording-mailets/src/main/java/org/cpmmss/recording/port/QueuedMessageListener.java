package org.cpmmss.recording.port;

import org.cpmmss.recording.preferences.PreferenceValues;

/**
 * Told when a message was queued for a user (after the commit), e.g. the SIP bridge, which pushes it at once to a
 * registered client of a {@code push} user. Bound with a Guice multibinder; must not block.
 */
public interface QueuedMessageListener {
    void queued(String owner, PreferenceValues preferences);
}

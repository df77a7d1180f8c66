package org.cpmmss.recording.verdict;

import org.apache.mailet.AttributeName;

/**
 * Marks a mail handed to the pipeline as a live message for one recipient (a SIP MESSAGE that is neither a deferred
 * hand-over nor a disposition notification): the pipeline then applies the recipient's {@code do-not-disturb} and
 * {@code reject-when-offline} preferences, and answers {@link OwnerVerdict.DoNotDisturb} or
 * {@link OwnerVerdict.Offline} for every owner when the recipient does not take it now (nothing stored).
 */
public final class LiveMessage {
    /** Mail attribute: the recipient's account (a String), set by the door that hands the live message over. */
    public static final AttributeName RECIPIENT = AttributeName.of("org.cpmmss.live-message.recipient");

    private LiveMessage() {
    }
}

package org.cpmmss.james.recording;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.preferences.CpmPreferences;

/** Reads a user's preferences from the METADATA entries of their INBOX; absent = the operator default. */
@Singleton
public class RecordingPreferences {
    private static final MailboxAnnotationKey RECORDING = new MailboxAnnotationKey(CpmPreferences.RECORDING);

    private final MailboxManager mailboxManager;
    private final CpmPolicy policy;

    @Inject
    public RecordingPreferences(MailboxManager mailboxManager, CpmPolicy policy) {
        this.mailboxManager = mailboxManager;
        this.policy = policy;
    }

    /** The owner's {@code /private/vendor/cpm/recording}: on unless the entry says {@code off} (or the default is off). */
    public boolean recordingOn(String owner) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            Optional<String> value = mailboxManager.getAnnotationsByKeys(MailboxPath.inbox(session), session, Set.of(RECORDING))
                .stream().findFirst().flatMap(MailboxAnnotation::getValue);
            return value.map(v -> v.equals("on")).orElse(policy.defaultRecording());
        } catch (MailboxNotFoundException e) {
            return policy.defaultRecording();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}

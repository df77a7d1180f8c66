package org.cpmmss.james.mailbox.preferences;

import java.util.EnumMap;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.PreferenceValues;

/**
 * The one preference reader ({@link UserPreferences}) on James: the METADATA entries of the user's INBOX, kept
 * under {@link CpmPreference#storedKey()}; an absent or invalid entry is the operator default of {@link CpmPolicy}.
 * A user without an INBOX has every entry absent; any other read failure is a {@link StorageException}.
 */
@Singleton
public class MailboxUserPreferences implements UserPreferences {
    private final MailboxManager mailboxManager;
    private final CpmPolicy policy;

    @Inject
    public MailboxUserPreferences(MailboxManager mailboxManager, CpmPolicy policy) {
        this.mailboxManager = mailboxManager;
        this.policy = policy;
    }

    @Override
    public PreferenceValues read(String account) throws StorageException {
        Map<CpmPreference, String> stored = new EnumMap<>(CpmPreference.class);
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            // getAllAnnotations, not getAnnotationsByKeys: the JPA annotation mapper of James 3.8.1 finds nothing by key
            for (MailboxAnnotation annotation : mailboxManager.getAllAnnotations(MailboxPath.inbox(session), session)) {
                CpmPreference.byStoredKey(annotation.getKey().asString())
                    .ifPresent(preference -> annotation.getValue().ifPresent(value -> stored.put(preference, value)));
            }
        } catch (MailboxNotFoundException e) {
            // no INBOX yet: every entry is absent
        } catch (MailboxException e) {
            throw new StorageException("cannot read the preferences of " + account + ": " + e.getMessage(), e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return PreferenceValues.of(stored, policy::preferenceDefault);
    }
}

package org.cpmmss.james.mailbox.preferences;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.PreferenceValues;

/**
 * The one preference reader ({@link UserPreferences}) on James: the METADATA entries of the user's INBOX, kept
 * under {@link CpmPreference#storedKey()}; an absent or invalid entry is the operator default of {@link CpmPolicy}.
 * A user without an INBOX has every entry absent; any other read failure is a {@link StorageException}.
 *
 * <p>On the native store the entries are read straight from it (the INBOX by name, then its entries: what James's
 * {@code getAllAnnotations} reads for the owner's own session, without the session, the rights check, the reactive
 * chain and, for an account without an INBOX, the exception). Where the store counts the changes of entries and folder
 * names ({@link MailStorage#entriesGeneration()}: the embedded store, which one node owns), each account's stored
 * entries are kept until the next such change — read once per change instead of once per owner of every recorded
 * object. A shared database (PostgreSQL) is read every time; so is James's mailbox without the native store.</p>
 */
@Singleton
public class MailboxUserPreferences implements UserPreferences {
    /** Accounts whose entries are kept at most; beyond it the kept entries are dropped and fill again with those in use. */
    static final int CAPACITY = 20_000;

    private final MailboxManager mailboxManager;
    private final CpmPolicy policy;
    private MailStorage storage;
    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();

    /** The stored cpm entries of an account as read at {@code generation}. */
    private record Kept(long generation, Map<CpmPreference, String> stored) {
    }

    @Inject
    public MailboxUserPreferences(MailboxManager mailboxManager, CpmPolicy policy) {
        this.mailboxManager = mailboxManager;
        this.policy = policy;
    }

    /** The native store, when the mailbox is on it: read directly (Guice injects it only where it is bound). */
    @com.google.inject.Inject(optional = true)
    public void readFrom(MailStorage storage) {
        this.storage = storage;
    }

    @Override
    public PreferenceValues read(String account) throws StorageException {
        return PreferenceValues.of(storedEntries(account), policy::preferenceDefault);
    }

    private Map<CpmPreference, String> storedEntries(String account) throws StorageException {
        MailStorage store = storage;
        if (store == null) {
            return readThroughJames(account);
        }
        String owner = Username.of(account).asString();
        OptionalLong before = store.entriesGeneration();
        if (before.isPresent()) {
            Kept hit = kept.get(owner);
            if (hit != null && hit.generation() == before.getAsLong()) {
                return hit.stored();
            }
        }
        Map<CpmPreference, String> stored = readStored(store, owner, account);
        if (before.isPresent() && store.entriesGeneration().equals(before)) {
            // read between two equal generations: no change was committed while it read
            if (kept.size() >= CAPACITY) {
                kept.clear();
            }
            kept.put(owner, new Kept(before.getAsLong(), java.util.Collections.unmodifiableMap(stored)));
        }
        return stored;
    }

    private static Map<CpmPreference, String> readStored(MailStorage store, String owner, String account)
        throws StorageException {
        Map<CpmPreference, String> stored = new EnumMap<>(CpmPreference.class);
        MailboxPath inbox = MailboxPath.inbox(Username.of(owner));
        try {
            Folder folder = store.folders().find(new FolderName(inbox.getNamespace(), owner, inbox.getName()))
                .orElse(null);
            if (folder == null) {
                return stored; // no INBOX yet: every entry is absent
            }
            for (Map.Entry<String, String> entry : store.annotations().all(folder.id()).entrySet()) {
                // the entry name as James's MailboxAnnotationKey.asString() gives it
                CpmPreference.byStoredKey(entry.getKey().toLowerCase(Locale.US))
                    .ifPresent(preference -> stored.put(preference, entry.getValue()));
            }
        } catch (RuntimeException e) {
            throw new StorageException("cannot read the preferences of " + account + ": " + e.getMessage(), e);
        }
        return stored;
    }

    private Map<CpmPreference, String> readThroughJames(String account) throws StorageException {
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
        return stored;
    }
}

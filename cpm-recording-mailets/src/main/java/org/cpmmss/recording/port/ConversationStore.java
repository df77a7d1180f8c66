package org.cpmmss.recording.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.verdict.OwnerVerdict;

/**
 * The owners' conversation folders, as the pipeline sees them: files one object into one owner's folder exactly
 * once per idempotency key ({@code imdn:…}, {@code mid:…}, {@code sha256:…}), creating the folder and its
 * ancestors when missing. The outcome is STORED (folder, UIDVALIDITY, UID) or DUPLICATE (where the earlier copy
 * is). Adapter: {@code MailboxConversationStore} (james-extensions, on James's MailboxManager).
 */
public interface ConversationStore {
    /** One stored copy: the id of its folder in the store, and its flags and keywords. */
    record StoredCopy(String folderId, Flags flags) {
    }

    /** Stores {@code bytes} (already shaped for this owner) unless the owner already has {@code key}; {@code \Seen} when asked. */
    OwnerVerdict.Filed store(String owner, FolderPath folder, String key, byte[] bytes, boolean seen) throws StorageException;

    /** As above, appending with the given flags (e.g. the deferred hand-over's {@code $cpm-temporary} keyword). */
    OwnerVerdict.Filed store(String owner, FolderPath folder, String key, byte[] bytes, Flags flags) throws StorageException;

    /** One owner's copy of an object to file: its bytes already shaped for that owner, its flags and keywords. */
    record Filing(String owner, FolderPath folder, String key, byte[] bytes, Flags flags) {
    }

    /** How one filing ended: filed (stored or found already there), or failed (the owner's copy is not stored). */
    record Filed(OwnerVerdict.Filed verdict, StorageException failure) {
        public static Filed of(OwnerVerdict.Filed verdict) {
            return new Filed(verdict, null);
        }

        public static Filed failed(StorageException failure) {
            return new Filed(null, failure);
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Files one object for several owners, as {@link #store(String, FolderPath, String, byte[], Flags)} does for
     * each: the outcomes in the order of {@code filings}. The copies may be written together and forced to disk once
     * (the native store); none is reported filed before every copy reported filed is durable.
     */
    default List<Filed> storeAll(List<Filing> filings) {
        List<Filed> outcomes = new ArrayList<>(filings.size());
        for (Filing f : filings) {
            try {
                outcomes.add(Filed.of(store(f.owner(), f.folder(), f.key(), f.bytes(), f.flags())));
            } catch (StorageException e) {
                outcomes.add(Filed.failed(e));
            } catch (RuntimeException e) {
                outcomes.add(Filed.failed(new StorageException(String.valueOf(e.getMessage()), e)));
            }
        }
        return outcomes;
    }

    /** The owner's message {@code uid} in {@code folder}, if it is (still) there. */
    Optional<StoredCopy> storedCopy(String owner, FolderPath folder, long uid) throws StorageException;
}

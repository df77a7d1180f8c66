package org.cpmmss.recording.port;

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

    /** The owner's message {@code uid} in {@code folder}, if it is (still) there. */
    Optional<StoredCopy> storedCopy(String owner, FolderPath folder, long uid) throws StorageException;
}

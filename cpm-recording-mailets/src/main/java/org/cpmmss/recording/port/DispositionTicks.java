package org.cpmmss.recording.port;

/**
 * Disposition keywords owed to messages: sets one on the owner's copy now, or keeps it (durably) until that copy
 * is stored, e.g. while the message is held in an open on-completion session or has not arrived yet.
 * Adapter: {@code PendingTicks} (james-extensions).
 */
public interface DispositionTicks {
    /** Sets {@code keyword} on the owner's copy of {@code referencedId} now, or keeps it pending; true when set now. */
    boolean tickOrKeep(String owner, String referencedId, String keyword) throws StorageException;
}

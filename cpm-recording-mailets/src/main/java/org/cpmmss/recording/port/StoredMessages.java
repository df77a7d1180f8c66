package org.cpmmss.recording.port;

import java.util.Optional;

/**
 * An owner's recorded messages as disposition handling needs them: find the copy of a message by its
 * IMDN-Message-ID, and add a keyword to it (so IMAP clients see the change, with a new MODSEQ).
 * Adapter: {@code DispositionKeywords} (james-extensions, on James's MailboxManager).
 */
public interface StoredMessages {
    /**
     * A stored message: its folder ('/'-joined), UID, outer {@code From}/{@code To}, and whether it came as a
     * deferred hand-over ({@code CPM-Delivery: deferred-handover}).
     */
    record Located(String folder, long uid, Optional<String> from, Optional<String> to, boolean handedOver) {
    }

    /** The owner's recorded copy of the message with this IMDN-Message-ID, if it is still there. */
    Optional<Located> locate(String owner, String imdnMessageId) throws StorageException;

    /** Adds {@code keyword} to the owner's copy; true when the message was found. */
    boolean add(String owner, Located message, String keyword) throws StorageException;
}

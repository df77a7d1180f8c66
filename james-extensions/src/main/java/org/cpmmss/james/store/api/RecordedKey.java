package org.cpmmss.james.store.api;

import java.util.Objects;

/**
 * An owner's idempotency key ({@code imdn:…}, {@code mid:…}, {@code sha256:…}) to record with the message being
 * appended, in the same transaction and the same forced commit: the key and its message are durable together or not
 * at all. {@code folder} is the folder's path as the recording pipeline names it, {@code uidValidity} the folder's;
 * the UID is the one the append allocates. {@code replaces}: an earlier record of the key may be overwritten (its
 * message was found missing); without it an existing record makes the append fail with
 * {@link KeyAlreadyRecordedException} and store nothing.
 */
public record RecordedKey(String owner, String key, String folder, long uidValidity, boolean replaces) {
    /** The mailbox-session attribute under which the recording pipeline hands the key to the store's append. */
    public static final String SESSION_ATTRIBUTE = "cpm.recorded-key";

    public RecordedKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(folder, "folder");
    }
}

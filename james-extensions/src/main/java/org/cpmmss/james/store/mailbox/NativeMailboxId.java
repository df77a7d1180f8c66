package org.cpmmss.james.store.mailbox;

import org.apache.james.mailbox.model.MailboxId;

/**
 * The id of a folder of our store as James sees it: the folder's number, serialized in decimal (James's Lucene
 * index upper-cases ids when it stores them; digits are unaffected).
 */
public final class NativeMailboxId implements MailboxId {
    /** Parses serialized ids (James's {@code MailboxId.Factory}). */
    public static final class Factory implements MailboxId.Factory {
        @Override
        public MailboxId fromString(String serialized) {
            return of(Long.parseLong(serialized.trim()));
        }
    }

    private final long value;

    private NativeMailboxId(long value) {
        this.value = value;
    }

    public static NativeMailboxId of(long value) {
        return new NativeMailboxId(value);
    }

    public static long raw(MailboxId id) {
        if (id instanceof NativeMailboxId nativeId) {
            return nativeId.value;
        }
        return Long.parseLong(id.serialize());
    }

    public long value() {
        return value;
    }

    @Override
    public String serialize() {
        return Long.toString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeMailboxId other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return "NativeMailboxId{" + value + "}";
    }
}

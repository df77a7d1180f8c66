package org.cpmmss.james.store.api;

/**
 * An append carrying a {@link RecordedKey} found the key already recorded (another node or thread stored the object
 * meanwhile): the whole append was rolled back, nothing was stored.
 */
public class KeyAlreadyRecordedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public KeyAlreadyRecordedException(RecordedKey key) {
        super("key " + key.key() + " of " + key.owner() + " is already recorded");
    }
}

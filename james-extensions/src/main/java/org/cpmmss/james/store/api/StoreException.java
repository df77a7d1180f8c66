package org.cpmmss.james.store.api;

/** A storage failure (I/O, database, corrupt data). Nothing was acknowledged when it is thrown from a write. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

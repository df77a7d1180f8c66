package org.cpmmss.recording.port;

/**
 * The store or a state repository behind a port could not do what was asked (unavailable, I/O, a failed
 * transaction). Temporary by nature: a pipeline step turns it into a FAILED outcome ("storage failure, retry
 * later"; LMTP 4xx) or, on spooled mail, into an exception so James keeps the mail for a retry.
 */
public class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}

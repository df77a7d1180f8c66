package org.cpmmss.james.store.api;

/** Reads stored bytes by their address; a header fetch reads only the header blob. */
public interface ContentReader {
    byte[] read(BlobAddress address);

    /**
     * A reader for one pass over many messages in UID order (a FETCH over a range), used by one thread: it may read
     * ahead of the address asked for and serve the next ones from what it read. Same bytes as {@link #read}.
     */
    default ContentReader inOrder() {
        return this;
    }
}

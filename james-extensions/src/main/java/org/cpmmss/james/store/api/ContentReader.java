package org.cpmmss.james.store.api;

/** Reads stored bytes by their address; a header fetch reads only the header blob. */
public interface ContentReader {
    byte[] read(BlobAddress address);
}

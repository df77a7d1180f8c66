package org.cpmmss.james.ops.viewer;

import java.time.Instant;
import java.util.Set;

/** One stored object of a folder as the viewer reads it: UID, flags (system flags as {@code \Seen}…, keywords as is), arrival, bytes. */
public record StoredItem(long uid, Set<String> flags, Instant internalDate, byte[] raw) {
}

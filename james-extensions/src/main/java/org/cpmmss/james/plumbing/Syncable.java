package org.cpmmss.james.plumbing;

import java.io.IOException;

/** Something whose written data can be forced to stable storage (a segment file, the metadata database file). */
@FunctionalInterface
public interface Syncable {
    void sync() throws IOException;
}

package org.cpmmss.james.plumbing;

import java.io.File;

/**
 * The data directory of this server ({@code bin/cpm-mss --data DIR}, default {@code var/}): everything cpm-mss
 * writes lives under it (the state databases in {@code h2/}, the search indexes, the mail queue, the native store).
 * Injected where a file is opened, instead of being read from a JVM-wide system property: two servers in one JVM (the
 * tests) each see their own. Configuration files still refer to it as {@code ${sys:cpm.data.dir}}, which James
 * resolves when it reads them.
 */
public record DataDirectory(File path) {
    public DataDirectory {
        path = path.getAbsoluteFile();
    }

    /** {@code name} under the data directory. */
    public File resolve(String name) {
        return new File(path, name);
    }
}

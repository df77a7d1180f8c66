package org.cpmmss.james.server;

import java.io.File;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

/**
 * Where cpm-mss reads its configuration and keeps its data.
 *
 * <p>James resolves {@code file://conf/...} against the configuration directory and {@code file://var/...}
 * against the var directory. cpm-mss puts everything it writes (H2, Lucene, the mail queue, mail
 * repositories) under one data directory, so that backing up the server is backing up one folder.</p>
 */
public final class CpmMssDirectories implements JamesDirectoriesProvider {
    private final File confDirectory;
    private final File dataDirectory;

    public CpmMssDirectories(File confDirectory, File dataDirectory) {
        this.confDirectory = confDirectory.getAbsoluteFile();
        this.dataDirectory = dataDirectory.getAbsoluteFile();
    }

    public File confDirectory() {
        return confDirectory;
    }

    public File dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String getAbsoluteDirectory() {
        return "/";
    }

    @Override
    public String getConfDirectory() {
        return confDirectory.getPath() + "/";
    }

    @Override
    public String getVarDirectory() {
        return dataDirectory.getPath() + "/";
    }

    @Override
    public String getRootDirectory() {
        return dataDirectory.getPath();
    }

    @Override
    public String toString() {
        return "conf=" + confDirectory + ", data=" + dataDirectory;
    }
}

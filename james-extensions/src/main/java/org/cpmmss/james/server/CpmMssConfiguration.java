package org.cpmmss.james.server;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.server.core.configuration.Configuration;

/** James's view of cpm-mss's configuration: files come from the configuration directory. */
public final class CpmMssConfiguration implements Configuration {
    private final CpmMssDirectories directories;

    public CpmMssConfiguration(CpmMssDirectories directories) {
        this.directories = directories;
    }

    @Override
    public ConfigurationPath configurationPath() {
        return new ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF);
    }

    @Override
    public JamesDirectoriesProvider directories() {
        return directories;
    }
}

package org.cpmmss.james.server.modules;

import java.io.File;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.cpmmss.james.plumbing.DataDirectory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Binds the server's {@link DataDirectory}: James's var directory, which cpm-mss's directories point at its data
 * directory ({@code org.cpmmss.james.server.CpmMssDirectories}).
 */
public class DataDirectoryModule extends AbstractModule {
    @Provides
    @Singleton
    DataDirectory dataDirectory(JamesDirectoriesProvider directories) {
        return new DataDirectory(new File(directories.getVarDirectory()));
    }
}

package org.cpmmss.james.ops.health;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;

/**
 * The data directory is writable and its file system has room: below {@link #DEGRADED_FREE_BYTES} free
 * the check is degraded, below {@link #UNHEALTHY_FREE_BYTES} unhealthy (H2 and KahaDB need room to commit).
 */
public class DataDirectoryHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Data directory");
    public static final long DEGRADED_FREE_BYTES = 1024L * 1024 * 1024;
    public static final long UNHEALTHY_FREE_BYTES = 100L * 1024 * 1024;

    private final File dataDirectory;

    @Inject
    public DataDirectoryHealthCheck(JamesDirectoriesProvider directories) {
        super(COMPONENT, java.time.Duration.ofSeconds(10), "cannot inspect " + directories.getVarDirectory());
        this.dataDirectory = new File(directories.getVarDirectory());
    }

    @Override
    protected Result inspect() throws IOException {
        if (!dataDirectory.isDirectory() || !Files.isWritable(dataDirectory.toPath())) {
            return Result.unhealthy(COMPONENT, dataDirectory + " is not a writable directory");
        }
        FileStore store = Files.getFileStore(dataDirectory.toPath());
        long free = store.getUsableSpace();
        if (free < UNHEALTHY_FREE_BYTES) {
            return Result.unhealthy(COMPONENT, "only " + free + " bytes free under " + dataDirectory);
        }
        if (free < DEGRADED_FREE_BYTES) {
            return Result.degraded(COMPONENT, "only " + free + " bytes free under " + dataDirectory);
        }
        return Result.healthy(COMPONENT);
    }
}

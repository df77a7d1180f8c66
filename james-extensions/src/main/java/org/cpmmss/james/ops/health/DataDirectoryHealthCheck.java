package org.cpmmss.james.ops.health;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.cpmmss.james.plumbing.StorageReserve;

/**
 * The data directory is writable and its file system has room: below {@link #DEGRADED_FREE_BYTES} free (or twice
 * the reserve, whichever is larger) the check is degraded; unhealthy below the {@link StorageReserve}
 * ({@code cpm.storage.min-free}), where the doors refuse new objects.
 */
public class DataDirectoryHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Data directory");
    public static final long DEGRADED_FREE_BYTES = 1024L * 1024 * 1024;

    private final File dataDirectory;
    private final StorageReserve reserve;

    @Inject
    public DataDirectoryHealthCheck(JamesDirectoriesProvider directories, StorageReserve reserve) {
        super(COMPONENT, java.time.Duration.ofSeconds(10), "cannot inspect " + directories.getVarDirectory());
        this.dataDirectory = new File(directories.getVarDirectory());
        this.reserve = reserve;
    }

    @Override
    protected Result inspect() throws IOException {
        if (!dataDirectory.isDirectory() || !Files.isWritable(dataDirectory.toPath())) {
            return Result.unhealthy(COMPONENT, dataDirectory + " is not a writable directory");
        }
        Optional<String> shortage = reserve.shortage();
        if (shortage.isPresent()) {
            return Result.unhealthy(COMPONENT, shortage.get() + ": the doors refuse new objects");
        }
        FileStore store = Files.getFileStore(dataDirectory.toPath());
        long free = store.getUsableSpace();
        if (free < Math.max(DEGRADED_FREE_BYTES, 2 * reserve.minFreeBytes())) {
            return Result.degraded(COMPONENT, "only " + free + " bytes free under " + dataDirectory);
        }
        return Result.healthy(COMPONENT);
    }
}

package org.cpmmss.james.ops.backup;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code POST /cpm/admin/backup} (WebAdmin, same credentials as James's routes), body
 * {@code {"directory": "/absolute/path"}}: runs a {@link DataDirectoryBackup} into that directory on the server's
 * machine and answers what it copied (200), 400 for a directory that is not new or empty, not absolute or overlaps the
 * data directory, 501 with {@code storage.backend=postgresql} (pg_dump instead), 409 while another backup runs,
 * 500 when the copy failed.
 */
public class BackupRoutes implements Routes {
    public static final String PATH = "/cpm/admin/backup";
    private static final Logger LOGGER = LoggerFactory.getLogger(BackupRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataDirectoryBackup backup;
    private final ReentrantLock running = new ReentrantLock();

    @Inject
    public BackupRoutes(DataDirectoryBackup backup) {
        this.backup = backup;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.post(PATH, this::backup);
    }

    private Object backup(Request request, Response response) {
        response.type("application/json");
        String directory;
        try {
            JsonNode body = JSON.readTree(request.body() == null || request.body().isBlank() ? "{}" : request.body());
            directory = body.path("directory").asText("");
        } catch (Exception e) {
            return error(response, 400, "the body must be JSON: {\"directory\": \"/absolute/path\"}");
        }
        if (directory.isBlank()) {
            return error(response, 400, "missing \"directory\" (an absolute path on the server's machine)");
        }
        if (!running.tryLock()) {
            return error(response, 409, "a backup is already running");
        }
        try {
            DataDirectoryBackup.Report report = backup.backupTo(Path.of(directory));
            LOGGER.info("backup to {}: {} bytes in {} ms", report.target(), report.bytes(), report.took().toMillis());
            ObjectNode out = JSON.createObjectNode();
            out.put("directory", report.target().toString());
            out.put("startedAt", report.startedAt().toString());
            out.put("millis", report.took().toMillis());
            out.put("bytes", report.bytes());
            ObjectNode items = out.putObject("items");
            report.items().forEach(item -> items.put(item.path(), item.bytes()));
            return out.toString();
        } catch (DataDirectoryBackup.BadTarget e) {
            return error(response, 400, e.getMessage());
        } catch (DataDirectoryBackup.NotAvailable e) {
            return error(response, 501, e.getMessage());
        } catch (Exception e) {
            LOGGER.error("backup to {} failed", directory, e);
            return error(response, 500, "backup failed: " + e);
        } finally {
            running.unlock();
        }
    }

    private static String error(Response response, int status, String message) {
        response.status(status);
        return JSON.createObjectNode().put("error", message).toString();
    }
}

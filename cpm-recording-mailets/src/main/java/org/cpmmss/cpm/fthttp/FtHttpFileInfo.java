package org.cpmmss.cpm.fthttp;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <file-info>} of an RCS file-transfer-over-HTTP document.
 *
 * @param size {@code file-size}
 * @param fileName {@code file-name} (required for the file, absent for a thumbnail)
 * @param contentType {@code content-type}
 * @param url {@code data/@url}
 * @param until {@code data/@until}
 * @param disposition optional {@code file-disposition} attribute ({@code render} / {@code attachment})
 */
public record FtHttpFileInfo(long size, Optional<String> fileName, String contentType, String url,
                             OffsetDateTime until, Optional<String> disposition) {
    public FtHttpFileInfo {
        Objects.requireNonNull(fileName);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(url);
        Objects.requireNonNull(until);
        Objects.requireNonNull(disposition);
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}

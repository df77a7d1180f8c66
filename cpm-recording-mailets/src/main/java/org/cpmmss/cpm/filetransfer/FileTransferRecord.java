package org.cpmmss.cpm.filetransfer;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete file transfer history: the description and the content of every part, by Content-ID
 * (files and thumbnails).
 */
public record FileTransferRecord(FileTransferHistory history, Map<String, FileContent> contents) {
    public FileTransferRecord {
        Objects.requireNonNull(history);
        contents = Map.copyOf(contents);
    }

    public Optional<FileContent> content(FileObject file) {
        return Optional.ofNullable(contents.get(file.cid()));
    }

    public Optional<FileContent> thumbnail(FileObject file) {
        return file.thumbnailCid().map(contents::get);
    }
}

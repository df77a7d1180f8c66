package org.cpmmss.james.imap.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.imap.message.Literal;

/**
 * A large literal kept in a temporary file (see {@link FileLiteralSink}). It can be read any number of times;
 * closing it, which James does once the request that holds it is processed, deletes the file.
 */
final class SpilledLiteral implements Literal, Closeable {
    private final Path file;
    private final long size;

    SpilledLiteral(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return "SpilledLiteral{" + size + " octets in " + file + "}";
    }
}

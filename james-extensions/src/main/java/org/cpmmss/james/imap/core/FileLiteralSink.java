package org.cpmmss.james.imap.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.james.imap.message.Literal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;

/**
 * A literal larger than the in-memory limit, streamed to a temporary file in the spill directory as its octets
 * arrive: the server never holds more of it than one network read. The file becomes a {@link SpilledLiteral}.
 */
final class FileLiteralSink implements LiteralSink {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileLiteralSink.class);
    static final String PREFIX = "imap-literal-";

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private long written;

    FileLiteralSink(Path directory, long size) throws IOException {
        this.file = Files.createTempFile(directory, PREFIX, ".tmp");
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        this.size = size;
        LOGGER.debug("literal of {} octets spilled to {}", size, file);
    }

    @Override
    public void write(ByteBuf in, int length) throws IOException {
        int left = length;
        while (left > 0) {
            int done = in.readBytes(channel, written, left);
            written += done;
            left -= done;
        }
    }

    @Override
    public Literal finish() throws IOException {
        channel.close();
        return new SpilledLiteral(file, size);
    }

    @Override
    public void discard() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOGGER.warn("could not delete the literal file {}", file, e);
        }
    }
}

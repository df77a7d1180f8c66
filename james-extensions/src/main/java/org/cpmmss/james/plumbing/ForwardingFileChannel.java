package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBaseDefault;

/** An H2 file channel that forwards every operation to the channel below it; H2 file-system prefixes override what they change. */
public class ForwardingFileChannel extends FileBaseDefault {
    private final FileChannel base;

    public ForwardingFileChannel(FileChannel base) {
        this.base = base;
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
        return base.read(destination, position);
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        return base.write(source, position);
    }

    @Override
    public long size() throws IOException {
        return base.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        base.force(metaData);
    }

    @Override
    protected void implTruncate(long size) throws IOException {
        base.truncate(size);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        base.close();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return base.tryLock(position, size, shared);
    }
}

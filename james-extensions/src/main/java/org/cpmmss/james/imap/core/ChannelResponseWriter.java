package org.cpmmss.james.imap.core;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

import org.apache.james.imap.encode.ImapResponseWriter;
import org.apache.james.imap.encode.base.ImapResponseComposerImpl;
import org.apache.james.imap.message.Literal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.compression.ZlibEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedStream;

/**
 * James's {@code ChannelImapResponseWriter} (zero-copy on), written here because its flush callback's type is not
 * visible outside James's package: a literal first flushes the command's composer, then goes out as a file region
 * (a file without TLS or COMPRESS), chunks of a file, or chunks of a stream. Every write goes out in the order it
 * was made ({@link OrderedWrites}).
 */
final class ChannelResponseWriter implements ImapResponseWriter {
    private final Channel channel;
    private final OrderedWrites writes;
    private ImapResponseComposerImpl composer;

    ChannelResponseWriter(Channel channel) {
        this.channel = channel;
        this.writes = OrderedWrites.of(channel);
    }

    /** The composer whose buffered bytes go out before a literal. */
    void flushFirst(ImapResponseComposerImpl composer) {
        this.composer = composer;
    }

    @Override
    public void write(byte[] buffer) {
        if (channel.isActive()) {
            writes.writeAndFlush(Unpooled.wrappedBuffer(buffer));
        }
    }

    @Override
    public void write(Literal literal) throws IOException {
        if (composer != null) {
            composer.flush();
        }
        if (channel.isActive()) {
            InputStream in = literal.getInputStream();
            if (in instanceof FileInputStream) {
                FileChannel fc = ((FileInputStream) in).getChannel();
                // zero-copy only without TLS and COMPRESS (JAMES-1305, JAMES-1306)
                ChannelPipeline cp = channel.pipeline();
                if (cp.get(SslHandler.class) == null && cp.get(ZlibEncoder.class) == null) {
                    writes.writeAndFlush(new DefaultFileRegion(fc, fc.position(), literal.size()));
                } else {
                    writes.writeAndFlush(new ChunkedNioFile(fc, 8192));
                }
            } else {
                writes.writeAndFlush(new ChunkedStream(in));
            }
        }
    }
}

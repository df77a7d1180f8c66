package org.cpmmss.james.imap.core;

import java.net.SocketOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Asks the kernel to acknowledge received data at once (Linux {@code TCP_QUICKACK}) while a command is incomplete.
 * A client that writes a literal and the CRLF ending its command in two sends (Python's imaplib does) holds the
 * CRLF back under Nagle's algorithm until the literal is acknowledged; without this, the server's delayed ACK
 * (40 ms on Linux) was added to every such APPEND. Where the option does not exist it does nothing; the system
 * property {@value #PROPERTY}{@code =false} turns it off (for measurements).
 */
public final class QuickAck {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuickAck.class);
    public static final String PROPERTY = "cpm.imap.quickack";

    private final Optional<ChannelOption<Boolean>> option;
    private volatile boolean failed;

    private QuickAck(Optional<ChannelOption<Boolean>> option) {
        this.option = option;
    }

    /** The platform's quick-ACK option, when the JDK offers one ({@code jdk.net.ExtendedSocketOptions}). */
    @SuppressWarnings("unchecked")
    public static QuickAck detect() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            LOGGER.info("TCP_QUICKACK turned off by -D{}=false", PROPERTY);
            return disabled();
        }
        try {
            Class<?> options = Class.forName("jdk.net.ExtendedSocketOptions");
            SocketOption<Boolean> quickAck = (SocketOption<Boolean>) options.getField("TCP_QUICKACK").get(null);
            return new QuickAck(Optional.of(NioChannelOption.of(quickAck)));
        } catch (ReflectiveOperationException | LinkageError e) {
            LOGGER.info("TCP_QUICKACK is not available: {}", e.toString());
            return new QuickAck(Optional.empty());
        }
    }

    public static QuickAck disabled() {
        return new QuickAck(Optional.empty());
    }

    void acknowledgeNow(Channel channel) {
        if (failed || option.isEmpty() || !(channel instanceof NioSocketChannel)) {
            return;
        }
        try {
            channel.config().setOption(option.get(), true);
        } catch (RuntimeException e) {
            failed = true;
            LOGGER.info("TCP_QUICKACK cannot be set, delayed ACKs stay as they are: {}", e.toString());
        }
    }
}

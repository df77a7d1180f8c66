package org.cpmmss.james.imap.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Writes to a real Netty connection over loopback, one made by another thread while the event loop is busy, the next
 * made on the event loop: they must reach the client in the order they were made.
 */
class OrderedWritesTest {
    private NioEventLoopGroup loops;
    private Channel server;
    private final CompletableFuture<Channel> accepted = new CompletableFuture<>();

    @BeforeEach
    void listen() throws Exception {
        loops = new NioEventLoopGroup(1);
        server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    accepted.complete(ctx.channel());
                }
            })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    @AfterEach
    void close() throws Exception {
        server.close().sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A worker writes "first" while the event loop is busy; then the event loop writes "second"; returns what came. */
    private String firstFromAWorkerThenOnTheEventLoop(BiConsumer<Channel, String> write) throws Exception {
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(10_000);
            Channel channel = accepted.get(10, TimeUnit.SECONDS);
            CountDownLatch workerWrote = new CountDownLatch(1);
            channel.eventLoop().execute(() -> {
                try {
                    workerWrote.await(10, TimeUnit.SECONDS); // the loop is busy while the worker writes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                write.accept(channel, "second\n");
            });
            Thread worker = new Thread(() -> {
                write.accept(channel, "first\n");
                workerWrote.countDown();
            });
            worker.start();
            worker.join();
            InputStream in = client.getInputStream();
            byte[] received = in.readNBytes("first\nsecond\n".length());
            return new String(received, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aWriteOnTheEventLoopGoesOutAfterAWriteAnotherThreadMadeBeforeIt() throws Exception {
        String received = firstFromAWorkerThenOnTheEventLoop((channel, text) ->
            OrderedWrites.of(channel).writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII)));

        assertThat(received).isEqualTo("first\nsecond\n");
    }

    @Test
    void nettyAloneSendsTheEventLoopsWriteFirst() throws Exception {
        // why OrderedWrites exists: the same two writes made with Netty's writeAndFlush come out the other way round
        String received = firstFromAWorkerThenOnTheEventLoop((channel, text) ->
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII)));

        assertThat(received).isEqualTo("second\nfirst\n");
    }
}

package org.cpmmss.james.imap.core;

import java.nio.file.Path;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapChannelUpstreamHandler;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.cpmmss.james.plumbing.JamesInternals;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;

/**
 * James's IMAP server with cpm-mss's request framing: each connection gets James's pipeline (timeouts,
 * connection limits, PROXY, TLS, chunked writes, James's core handler), then James's line framer and request
 * decoder are taken out and one {@link ImapCommandFramer} takes their place; requests are decoded in turn by
 * {@link DeferredDecodingProcessor}, which wraps the bound processor. Child sockets allow half-closure,
 * so that a client which shuts down its sending side after LOGOUT still receives the answer.
 */
public class CoreImapServer extends IMAPServer {
    static final String JAMES_PIPELINE = "jamesPipeline";
    static final String COMMAND_COMPLETIONS = "commandCompletions";
    private static final boolean LEAN_COMMANDS = Boolean.parseBoolean(System.getProperty("cpm.imap.lean-commands", "true"));

    private final Path spillDirectory;
    private final QuickAck quickAck;
    private final ImapProcessor processor;
    private final ImapEncoder encoder;
    private final ImapMetrics imapMetrics;
    private FramingLimits limits;
    private boolean ignoreIdleUponProcessing;

    public CoreImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics imapMetrics,
                          GaugeRegistry gaugeRegistry, Path spillDirectory, QuickAck quickAck) {
        this(decoder, encoder, new DeferredDecodingProcessor(processor, decoder), imapMetrics, gaugeRegistry, spillDirectory,
            quickAck);
    }

    private CoreImapServer(ImapDecoder decoder, ImapEncoder encoder, DeferredDecodingProcessor processor,
                           ImapMetrics imapMetrics, GaugeRegistry gaugeRegistry, Path spillDirectory, QuickAck quickAck) {
        super(decoder, encoder, processor, imapMetrics, gaugeRegistry);
        this.processor = processor;
        this.encoder = encoder;
        this.imapMetrics = imapMetrics;
        this.spillDirectory = spillDirectory;
        this.quickAck = quickAck;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        limits = FramingLimits.from(configuration);
        ignoreIdleUponProcessing = configuration.getBoolean("ignoreIDLEUponProcessing", true);
    }

    /**
     * James's core handler for the connection's life, each command run by {@link CommandHandler} (fewer layers per
     * command, same answers); James's alone with {@code ignoreIDLEUponProcessing=false} (its per-command heartbeat)
     * or {@code -Dcpm.imap.lean-commands=false}.
     */
    @Override
    protected ChannelInboundHandlerAdapter createCoreHandler() {
        ChannelInboundHandlerAdapter james = super.createCoreHandler();
        if (!ignoreIdleUponProcessing || !LEAN_COMMANDS || !(james instanceof ImapChannelUpstreamHandler)) {
            return james;
        }
        ImapChannelUpstreamHandler handler = (ImapChannelUpstreamHandler) james;
        return new CommandHandler(handler, processor, encoder, JamesInternals.throttlerOf(handler),
            imapMetrics.getCommandsMetric());
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        bootstrap.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        ChannelInitializer<?> james = super.createPipelineFactory();
        return new AbstractChannelPipelineFactory(getFrameHandlerFactory(), getExecutorGroup()) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return createCoreHandler();
            }

            @Override
            public void initChannel(Channel channel) {
                // James's initializer runs as soon as it is added to a registered channel, then removes itself
                channel.pipeline().addLast(JAMES_PIPELINE, james);
                replaceFraming(channel.pipeline());
            }
        };
    }

    private void replaceFraming(ChannelPipeline pipeline) {
        ImapCommandFramer framer = new ImapCommandFramer(limits, spillDirectory, quickAck);
        pipeline.remove(FRAMER);
        pipeline.replace(REQUEST_DECODER, REQUEST_DECODER, framer);
        pipeline.addLast(COMMAND_COMPLETIONS, new CommandCompletions(framer));
    }
}

package org.cpmmss.james.imap.core;

import java.nio.file.Path;

import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;

/** Creates {@link CoreImapServer}s (cpm-mss's request framing) for every {@code <imapserver>} of imapserver.xml. */
public class CoreImapServerFactory extends IMAPServerFactory {
    private final Path spillDirectory;
    private final QuickAck quickAck;

    public CoreImapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                 Provider<ImapProcessor> processor, MetricFactory metricFactory, GaugeRegistry gaugeRegistry,
                                 Path spillDirectory, QuickAck quickAck) {
        super(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry);
        this.spillDirectory = spillDirectory;
        this.quickAck = quickAck;
    }

    @Override
    protected IMAPServer createServer() {
        return new CoreImapServer(decoder.get(), encoder.get(), processor.get(), imapMetrics, gaugeRegistry, spillDirectory, quickAck);
    }
}

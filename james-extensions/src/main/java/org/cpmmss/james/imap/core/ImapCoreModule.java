package org.cpmmss.james.imap.core;

import java.nio.file.Path;

import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.cpmmss.james.plumbing.ClientActivity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * Binds cpm-mss's IMAP request framing (docs/imap-core.md) in place of James's: applied with
 * {@code Modules.override} semantics over James's {@code IMAPServerModule}, it provides the
 * {@link IMAPServerFactory} as a {@link CoreImapServerFactory}. The decoder, encoder and processor stay whatever
 * the other modules bind (the profile's decorators included); each request is noted in {@link ClientActivity} first.
 */
public class ImapCoreModule extends AbstractModule {
    static final String SPILL_DIRECTORY = "imap-literals";

    @Provides
    @Singleton
    IMAPServerFactory provideServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                           Provider<ImapProcessor> processor, MetricFactory metricFactory,
                                           GaugeRegistry gaugeRegistry, JamesDirectoriesProvider directories,
                                           ClientActivity activity) {
        Path spill = LiteralSpillDirectory.prepare(Path.of(directories.getVarDirectory(), SPILL_DIRECTORY));
        Provider<ImapProcessor> noted = () -> new ClientActivityProcessor(processor.get(), activity);
        return new CoreImapServerFactory(fileSystem, decoder, encoder, noted, metricFactory, gaugeRegistry, spill,
            QuickAck.detect());
    }
}

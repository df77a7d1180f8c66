package org.cpmmss.james.imap.profile;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.cpmmss.james.imap.copy.CopyAtOnceProcessor;
import org.cpmmss.james.imap.store.StoreAtOnceProcessor;
import org.cpmmss.james.imap.fetch.StoredFetchProcessor;
import org.cpmmss.james.imap.search.EsearchModSeqProcessor;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.SharedForces;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.encode.ImapResponseEncoder;
import org.apache.james.imap.encode.base.EndImapEncoder;
import org.apache.james.imap.encode.main.DefaultImapEncoderFactory;
import org.apache.james.imap.processor.DefaultProcessor;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.cpmmss.james.imap.cleartext.CleartextAuthenticationGuard;
import org.cpmmss.james.imap.concurrency.ConcurrentSessionsProcessor;
import org.cpmmss.james.imap.concurrency.MailboxWriteQueue;
import org.cpmmss.james.imap.concurrency.OneForcePerCommand;
import org.cpmmss.james.imap.conformance.ConformanceImapProcessor;
import org.cpmmss.james.imap.conformance.ConformanceParsers;
import org.cpmmss.james.imap.select.OneReadSelection;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.plumbing.StorageReserve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.fge.lambdas.Throwing;
import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Named;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The IMAP profile for RCS message-store clients (see docs/imap-profile.md). Meant to be applied with
 * {@code Modules.override} semantics over James's IMAP and mailbox modules: it re-binds {@link SessionProvider},
 * {@link ImapProcessor}, {@link ImapDecoder} and {@link ImapEncoder} to decorators of James's own, driven by the
 * switches of {@code conf/imap-profile.properties}. The decoder and encoder also translate the preference entries
 * of the contract ({@link PreferenceEntryParsers}, {@link PreferenceEntryEncoder}), whatever the switches, and
 * carry the protocol conformance corrections ({@link ConformanceParsers}, {@link ConformanceImapProcessor}). James's
 * processors run inside a {@link ConcurrentSessionsProcessor} (docs/imap-concurrency.md), always.
 */
public class ImapProfileModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ImapProfileModule.class);
    /** James's processor chain, with the stored FETCH path where it applies. */
    public static final String JAMES_CHAIN = "cpm-imap-james-chain";

    @Override
    protected void configure() {
        bind(RequestOrders.class).in(com.google.inject.Scopes.SINGLETON);
        bind(MailboxWriteQueue.class).in(com.google.inject.Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), SharedForces.class);
    }

    @Provides
    @Singleton
    ImapProfileConfiguration provideConfiguration(JamesDirectoriesProvider directories) {
        File file = new File(directories.getConfDirectory(), ImapProfileConfiguration.FILE_NAME);
        ImapProfileConfiguration configuration = ImapProfileConfiguration.load(file);
        LOGGER.info("IMAP profile: {}", configuration);
        return configuration;
    }

    @Provides
    @Singleton
    SessionProvider provideSessionProvider(SessionProviderImpl james, ImapProfileConfiguration configuration) {
        return new DelimiterSessionProvider(james, configuration.delimiter());
    }

    @Provides
    @Singleton
    HierarchyDelimiterGuard provideGuard(JamesDirectoriesProvider directories, ImapProfileConfiguration configuration,
                                         MailboxSessionMapperFactory mappers, SessionProvider sessions) {
        return new HierarchyDelimiterGuard(Path.of(directories.getVarDirectory()), configuration.delimiter(), mappers, sessions);
    }

    @ProvidesIntoSet
    InitializationOperation checkDelimiter(HierarchyDelimiterGuard guard) {
        return InitilizationOperationBuilder.forClass(HierarchyDelimiterGuard.class).init(guard::check);
    }

    /**
     * James's processor chain with the RCS sync FETCH shapes answered from the native store (docs/imap-profile.md,
     * "FETCH from the store"); James's chain alone where the mailbox is not on the native store's SPI.
     */
    @Provides
    @Named(JAMES_CHAIN)
    ImapProcessor provideJamesChain(DefaultProcessor james, Injector injector, MailboxManager mailboxManager,
                                    StatusResponseFactory statusResponses, MetricFactory metrics) {
        Binding<MailStorage> storage = injector.getExistingBinding(Key.get(MailStorage.class));
        if (storage == null) {
            return james;
        }
        // COPY of the whole set at once (docs/imap-concurrency.md, "One store transaction per COPY")
        ImapProcessor chain = james;
        if (CopyAtOnceProcessor.enabled()) {
            CopyAtOnceProcessor copy = new CopyAtOnceProcessor(mailboxManager, statusResponses, metrics);
            chain = new OwnProcessorRoute<>(chain, CopyRequest.class, copy::takes, copy);
        }
        // a silent STORE of system flags over the whole set at once (docs/imap-concurrency.md, "One store transaction
        // per STORE")
        if (StoreAtOnceProcessor.enabled()) {
            StoreAtOnceProcessor store = new StoreAtOnceProcessor(mailboxManager, statusResponses, metrics);
            chain = new OwnProcessorRoute<>(chain, StoreRequest.class, store::takes, store);
        }
        if (!Boolean.parseBoolean(System.getProperty("cpm.imap.fetch.stored", "true"))) {
            return chain;
        }
        StoredFetchProcessor stored = new StoredFetchProcessor(mailboxManager, statusResponses, metrics,
            storage.getProvider().get());
        return new OwnProcessorRoute<>(chain, FetchRequest.class, stored::takes, stored);
    }

    @Provides
    ImapProcessor provideProcessor(@Named(JAMES_CHAIN) ImapProcessor james, ImapProfileConfiguration configuration, RequestOrders orders,
                                   StorageReserve reserve, CpmSettings settings, MailboxManager mailboxManager,
                                   MailboxWriteQueue writes, Optional<SharedForces> forces)
        throws ConfigurationException {
        // conformance corrections sit next to James, inside the per-account queue and the client's view of the
        // selected mailbox (docs/imap-concurrency.md), so the profile's decorators see corrected answers;
        // ESEARCH MIN/MAX with MODSEQ: docs/imap-notify-sort.md; cleartext authentication: docs/security.md
        // SELECT/EXAMINE read the folder once (docs/imap-profile.md, "SELECT on large folders")
        ImapProcessor conformant = new ConformanceImapProcessor(james, mailboxManager);
        ImapProcessor selecting = configuration.selectOneRead() ? new OneReadSelection(conformant) : conformant;
        // a STORE's ranges share one forced write (docs/imap-concurrency.md, "One force per STORE")
        ImapProcessor storing = forces.isPresent()
            && Boolean.parseBoolean(System.getProperty("cpm.imap.store.one-force", "true"))
            ? new OneForcePerCommand(selecting, forces.get()) : selecting;
        ImapProcessor corrected = new ConcurrentSessionsProcessor(storing, writes);
        return new CleartextAuthenticationGuard(
            new StorageReserveImapProcessor(new EsearchModSeqProcessor(
                new ProfileImapProcessor(corrected, configuration, orders), mailboxManager), reserve),
            CleartextAuthenticationGuard.trustedNetworks(settings));
    }

    @Provides
    ImapDecoder provideDecoder(ImapCommandParserFactory parsers, StatusResponseFactory statusResponses,
                               ImapProfileConfiguration configuration, RequestOrders orders) {
        // preference entries: always on (a contract), the order switch decides about the recording decorator only
        // UID's nested look-up on James's parsers themselves, not through Guice's circular proxy (DirectUidParsers)
        ImapDecoder james = new DefaultImapDecoder(statusResponses, new ConformanceParsers(
            new PreferenceEntryParsers(new DirectUidParsers(parsers, statusResponses), statusResponses), statusResponses));
        return configuration.requestOrderResponses() ? new OrderRecordingDecoder(james, orders) : james;
    }

    @Provides
    ImapEncoder provideEncoder(ImapPackage imapPackage, GuiceGenericLoader loader, ImapProfileConfiguration configuration) {
        Stream<ImapResponseEncoder> encoders = imapPackage.encoders()
            .stream()
            .map(Throwing.function(loader::instantiate))
            .map(ImapResponseEncoder.class::cast);
        return new PreferenceEntryEncoder(
            new ProfileImapEncoder(new DefaultImapEncoderFactory.DefaultImapEncoder(encoders, new EndImapEncoder()), configuration));
    }
}

package org.cpmmss.james.imap.profile.mpt;

import java.util.ArrayList;

import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.encode.main.DefaultImapEncoderFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.decode.parser.ImapParserFactory;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.processor.main.DefaultImapProcessorFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.metrics.logger.DefaultMetricFactory;
import org.apache.james.mpt.api.ImapFeatures;
import org.apache.james.mpt.api.ImapFeatures.Feature;
import org.apache.james.mpt.host.JamesImapHostSystem;
import org.cpmmss.james.imap.profile.ImapProfileConfiguration;
import org.cpmmss.james.imap.conformance.ConformanceImapProcessor;
import org.cpmmss.james.imap.conformance.ConformanceParsers;
import org.cpmmss.james.imap.profile.OrderRecordingDecoder;
import org.cpmmss.james.imap.profile.PreferenceEntryEncoder;
import org.cpmmss.james.imap.profile.PreferenceEntryParsers;
import org.cpmmss.james.imap.profile.ProfileImapEncoder;
import org.cpmmss.james.imap.concurrency.ConcurrentSessionsProcessor;
import org.cpmmss.james.imap.concurrency.MailboxWriteQueue;
import org.cpmmss.james.imap.profile.ProfileImapProcessor;
import org.cpmmss.james.imap.profile.RequestOrders;

import reactor.core.publisher.Mono;

/**
 * James's IMAP regression scripts (apache-james-mpt-imapmailbox-core) on James's in-memory mailbox, with the
 * profile's decoder, processor and encoder decorators in front of James's. System property {@code cpm.mpt.profile}:
 * {@code off} (default, what the test command runs: every switch off), {@code on} (every switch on), or a comma
 * list of {@code delimiter,condstore,order,atoms} and the ends of the Dovecot-shape keys
 * ({@code capability-after-login,child-info-when-asked,select-response-order,system-flag-order,flag-update-shape}), to list the scripts whose answers each rule changes. The "/" delimiter is applied by re-issuing the session after
 * LOGIN/AUTHENTICATE, which is what the server's session provider does for every session.
 */
public class CpmMptHostSystem extends JamesImapHostSystem {
    private static final ImapFeatures SUPPORTED_FEATURES = ImapFeatures.of(Feature.NAMESPACE_SUPPORT,
        Feature.MOVE_SUPPORT, Feature.USER_FLAGS_SUPPORT, Feature.QUOTA_SUPPORT, Feature.ANNOTATION_SUPPORT,
        Feature.MOD_SEQ_SEARCH);

    private StoreMailboxManager mailboxManager;
    private InMemoryPerUserMaxQuotaManager perUserMaxQuotaManager;

    /** {@code off}, {@code on}, or a comma list of delimiter, condstore, order, atoms. */
    public static ImapProfileConfiguration profile() {
        String value = System.getProperty("cpm.mpt.profile", "off");
        if (value.equals("on")) {
            return ImapProfileConfiguration.allOn();
        }
        java.util.List<String> on = java.util.List.of(value.split(","));
        // the Dovecot-shape switches by the end of their key: capability-after-login, child-info-when-asked, ...
        java.util.Set<String> shapes = ImapProfileConfiguration.DOVECOT_SHAPES.stream()
            .filter(key -> on.contains(key.substring("imap.profile.".length())))
            .collect(java.util.stream.Collectors.toSet());
        return new ImapProfileConfiguration(on.contains("delimiter"), on.contains("condstore"), on.contains("order"), on.contains("atoms"),
            shapes);
    }

    @Override
    public void beforeTest() throws Exception {
        super.beforeTest();
        InMemoryIntegrationResources resources = InMemoryIntegrationResources.builder()
            .authenticator(authenticator)
            .authorizator(authorizator)
            .inVmEventBus()
            .defaultAnnotationLimits()
            .defaultMessageParser()
            .scanningSearchIndex()
            .noPreDeletionHooks()
            .storeQuotaManager()
            .build();
        mailboxManager = resources.getMailboxManager();
        perUserMaxQuotaManager = resources.getMaxQuotaManager();
        ImapProcessor james = DefaultImapProcessorFactory.createDefaultProcessor(mailboxManager, mailboxManager.getEventBus(),
            new StoreSubscriptionManager(mailboxManager.getMapperFactory(), mailboxManager.getMapperFactory(), mailboxManager.getEventBus()),
            mailboxManager.getQuotaComponents().getQuotaManager(), mailboxManager.getQuotaComponents().getQuotaRootResolver(),
            new DefaultMetricFactory());
        ImapProfileConfiguration profile = profile();
        RequestOrders orders = new RequestOrders();
        ImapProcessor processor = new ProfileImapProcessor(
            new ConcurrentSessionsProcessor(new ConformanceImapProcessor(james, mailboxManager), new MailboxWriteQueue()), profile, orders);
        // as ImapProfileModule: conformance corrections inside the per-account queue, preference-entry parsers and
        // encoder always, the order decorator per switch
        UnpooledStatusResponseFactory statusResponses = new UnpooledStatusResponseFactory();
        ImapDecoder decoder = new DefaultImapDecoder(statusResponses,
            new ConformanceParsers(new PreferenceEntryParsers(new ImapParserFactory(statusResponses), statusResponses), statusResponses));
        configure(profile.requestOrderResponses() ? new OrderRecordingDecoder(decoder, orders) : decoder,
            new PreferenceEntryEncoder(new ProfileImapEncoder(new DefaultImapEncoderFactory().buildImapEncoder(), profile)),
            profile.slashDelimiter() ? new SlashAfterLogin(processor) : processor);
    }

    @Override
    protected MailboxManager getMailboxManager() {
        return mailboxManager;
    }

    @Override
    public boolean supports(Feature... features) {
        return SUPPORTED_FEATURES.supports(features);
    }

    @Override
    public void setQuotaLimits(QuotaCountLimit maxMessageQuota, QuotaSizeLimit maxStorageQuota) {
        perUserMaxQuotaManager.setGlobalMaxMessage(maxMessageQuota);
        perUserMaxQuotaManager.setGlobalMaxStorage(maxStorageQuota);
    }

    @Override
    protected void await() {
    }

    private static final class SlashAfterLogin implements ImapProcessor {
        private final ImapProcessor delegate;

        SlashAfterLogin(ImapProcessor delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            return delegate.processReactive(message, responder, session).then(Mono.fromRunnable(() -> reissue(session)));
        }

        @Override
        public void process(ImapMessage message, Responder responder, ImapSession session) {
            delegate.process(message, responder, session);
            reissue(session);
        }

        private static void reissue(ImapSession session) {
            MailboxSession current = session.getMailboxSession();
            if (current != null && current.getPathDelimiter() != '/') {
                session.setMailboxSession(new MailboxSession(current.getSessionId(), current.getUser(), current.getLoggedInUser(),
                    current.getLocalePreferences(), new ArrayList<>(current.getSharedSpaces()), current.getOtherUsersSpace(), '/',
                    current.getType()));
            }
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
            delegate.configure(imapConfiguration);
        }
    }
}

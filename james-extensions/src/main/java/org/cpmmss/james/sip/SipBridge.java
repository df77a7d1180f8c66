package org.cpmmss.james.sip;

import java.io.FileNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.deferred.queue.DeferredQueue;
import org.cpmmss.james.pipeline.PipelineSubmission;
import org.cpmmss.james.ops.metrics.DoorTimers;
import org.cpmmss.recording.policy.CpmPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackImpl;

/**
 * The SIP bridge (docs/sip-bridge.md): a JAIN-SIP stack listening on {@code sip.bind} over UDP and TCP,
 * answering MESSAGE ({@link SipMessageIngest}), REGISTER ({@link SipRegistrar}) and OPTIONS, pushing queued
 * deferred messages to registered clients ({@link DeferredPusher}) and sending notifications to the PF
 * ({@link SipOutboundRoute}). Started as a James initialisation operation, stopped on server shutdown.
 *
 * <p>The stack's threads only parse and create the server transaction (which absorbs UDP retransmissions);
 * the work runs on a bounded pool of {@code sip.threads} threads, and a request that finds the pool and its
 * queue full is answered 503 with Retry-After.</p>
 */
@Singleton
public class SipBridge implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SipBridge.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    static final String ALLOW = "MESSAGE, REGISTER, OPTIONS";
    /** A request that waited this long for a worker is answered 503 instead (UDP clients give up at 32 s). */
    static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(8);

    private final PropertiesProvider propertiesProvider;
    private final PipelineSubmission pipeline;
    private final MailboxManager mailboxManager;
    private final DomainList domainList;
    private final UsersRepository usersRepository;
    private final DeferredQueue deferredQueue;
    private final Clock clock;
    private final CpmPolicy policy;
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

    private SipBridgeConfiguration configuration;
    private SipStackImpl stack;
    private SipProvider provider;
    private AddressFactory addressFactory;
    private HeaderFactory headerFactory;
    private MessageFactory messageFactory;
    private ExecutorService workers;
    private ExecutorService pushers;
    private DigestAuthenticator digest;
    private RegistrationRepository registrations;
    private SipMessageIngest ingest;
    private SipRegistrar registrar;
    private DeferredPusher pusher;
    private SipOutboundRoute outboundRoute;

    private final DoorTimers timers;

    @Inject
    public SipBridge(PropertiesProvider propertiesProvider, PipelineSubmission pipeline,
                     MailboxManager mailboxManager, DomainList domainList, UsersRepository usersRepository,
                     DeferredQueue deferredQueue, DoorTimers timers, Clock clock, CpmPolicy policy) {
        this.timers = timers;
        this.clock = clock;
        this.policy = policy;
        this.propertiesProvider = propertiesProvider;
        this.pipeline = pipeline;
        this.mailboxManager = mailboxManager;
        this.domainList = domainList;
        this.usersRepository = usersRepository;
        this.deferredQueue = deferredQueue;
    }

    public synchronized void start() throws Exception {
        configuration = SipBridgeConfiguration.from(lookup("sipserver"));
        if (!configuration.enabled()) {
            LOGGER.info("SIP bridge disabled (sip.enabled=false)");
            return;
        }
        SipUserPreferences preferences = new SipUserPreferences(mailboxManager, policy.defaultDeferredDelivery());
        Duration deferredExpiryDefault = policy.deferredExpiryDefault();

        stack = new SipStackImpl(stackProperties());
        addressFactory = javax.sip.SipFactory.getInstance().createAddressFactory();
        headerFactory = javax.sip.SipFactory.getInstance().createHeaderFactory();
        messageFactory = javax.sip.SipFactory.getInstance().createMessageFactory();
        List<ListeningPoint> points = new ArrayList<>();
        for (String transport : configuration.transports()) {
            points.add(stack.createListeningPoint(configuration.host(), configuration.port(), transport));
        }
        provider = stack.createSipProvider(points.get(0));
        for (ListeningPoint point : points.subList(1, points.size())) {
            provider.addListeningPoint(point);
        }

        workers = new ThreadPoolExecutor(configuration.threads(), configuration.threads(), 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, configuration.queue())), named("cpm-sip-worker"));
        pushers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), named("cpm-sip-push"));
        digest = new DigestAuthenticator(configuration.digestRealm(), configuration.digestUsers(), clock);
        registrations = new InMemoryRegistrationRepository(clock);
        HostedUsers users = new HostedUsers(domainList, usersRepository);
        SipMessages messages = new SipMessages(this);
        pusher = new DeferredPusher(messages, deferredQueue, registrations, preferences, pushers, configuration.pushTimeout(), clock);
        ingest = new SipMessageIngest(messages, users, pipeline,
            configuration.maxMessageSize(), deferredExpiryDefault, clock, policy.addressNormalizer());
        registrar = new SipRegistrar(messages, users, registrations, pusher, configuration, clock,
            policy.addressNormalizer());
        outboundRoute = new SipOutboundRoute(messages, configuration.outboundPf(), configuration.pushTimeout());

        provider.addSipListener(new Listener());
        stack.start();
        LOGGER.info("SIP bridge listening on {}:{} ({})", configuration.host(), configuration.port(),
            String.join(", ", configuration.transports()));
    }

    @PreDestroy
    public synchronized void stop() {
        if (stack == null) {
            return;
        }
        LOGGER.info("SIP bridge stopping");
        workers.shutdown();
        pushers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(f -> f.cancel(false));
        stack.stop();
        stack = null;
    }

    /**
     * Pushes the account's queued deferred messages to its registered clients now (a message was queued, or
     * do-not-disturb / deferred-delivery changed); the pusher itself checks push and do-not-disturb.
     */
    public void pushQueued(String account) {
        DeferredPusher current;
        synchronized (this) {
            current = stack == null ? null : pusher;
        }
        if (current != null) {
            current.pushToRegistered(account);
        }
    }

    public SipBridgeConfiguration configuration() {
        return configuration;
    }

    public RegistrationRepository registrations() {
        return registrations;
    }

    public DeferredQueue deferredQueue() {
        return deferredQueue;
    }

    public SipOutboundRoute outboundRoute() {
        return outboundRoute;
    }

    SipProvider provider() {
        return provider;
    }

    AddressFactory addressFactory() {
        return addressFactory;
    }

    HeaderFactory headerFactory() {
        return headerFactory;
    }

    MessageFactory messageFactory() {
        return messageFactory;
    }

    /** Sends a request in a new client transaction; the future completes with its final response (408 on timeout). */
    CompletableFuture<Response> send(Request request) throws SipException {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        CompletableFuture<Response> future = new CompletableFuture<>();
        pending.put(transaction, future);
        future.whenComplete((r, e) -> pending.remove(transaction));
        transaction.sendRequest();
        return future;
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "cpm-mss-sip-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "16");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // The stack drops (TCP: closes) anything larger; leave room above sip.max-message-size so that the
        // bridge itself answers 413 to a body just over the limit.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(configuration.maxMessageSize() + 64 * 1024));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", MalformedRequestParser.Factory.class.getName());
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "20000");
        return p;
    }

    private java.util.function.Function<String, String> lookup(String file) throws ConfigurationException {
        try {
            Configuration c = propertiesProvider.getConfiguration(file);
            return key -> {
                String[] values = c.getStringArray(key);
                return values.length == 0 ? null : String.join(",", values);
            };
        } catch (FileNotFoundException e) {
            return key -> null;
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        return org.cpmmss.james.server.DaemonThreads.numbered(prefix);
    }

    private void handle(ServerTransaction transaction, Request request, String remoteAddress) {
        long start = System.nanoTime();
        Response response;
        try {
            response = dispatch(request, remoteAddress);
        } catch (HostedUsers.DirectoryUnavailable e) {
            LOGGER.warn("SIP {}: {}", request.getMethod(), e.getMessage(), e);
            response = SipMessages.retryLater(this, request, e.getMessage() + "; retry");
        } catch (Exception e) {
            LOGGER.error("SIP {} failed", request.getMethod(), e);
            response = SipMessages.response(this, request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
        }
        try {
            transaction.sendResponse(response);
        } catch (Exception e) {
            LOGGER.warn("cannot answer a SIP {}: {}", request.getMethod(), e.toString());
        }
        timers.record("sip", request.getMethod(), java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    private Response dispatch(Request request, String remoteAddress) throws Exception {
        java.util.Optional<Response> malformed = SipRequestDefects.answer(this, request);
        if (malformed.isPresent()) {
            return malformed.get();
        }
        if (!configuration.trusted(remoteAddress)) {
            Response refused = authenticate(request, remoteAddress);
            if (refused != null) {
                return refused;
            }
        }
        return switch (request.getMethod()) {
            case Request.MESSAGE -> ingest.handle(request);
            case Request.REGISTER -> registrar.handle(request);
            case Request.OPTIONS -> {
                Response ok = SipMessages.response(this, request, Response.OK, "OK");
                allow(ok);
                ok.addHeader(headerFactory.createAcceptHeader("message", "cpim"));
                yield ok;
            }
            default -> {
                Response r = SipMessages.response(this, request, Response.METHOD_NOT_ALLOWED, "Method Not Allowed");
                allow(r);
                yield r;
            }
        };
    }

    private void allow(Response response) throws java.text.ParseException {
        for (String method : ALLOW.split(", ")) {
            response.addHeader(headerFactory.createAllowHeader(method));
        }
    }

    /** Null when the request may proceed; otherwise the 401 challenge or the 403 refusal. */
    private Response authenticate(Request request, String remoteAddress) throws Exception {
        if (!configuration.digestEnabled()) {
            LOGGER.debug("SIP {} from untrusted peer {} refused", request.getMethod(), remoteAddress);
            return SipMessages.response(this, request, Response.FORBIDDEN, "Forbidden (untrusted peer)");
        }
        DigestAuthenticator.Result result = digest.check(request);
        if (result == DigestAuthenticator.Result.VALID) {
            return null;
        }
        if (result == DigestAuthenticator.Result.INVALID) {
            return SipMessages.response(this, request, Response.FORBIDDEN, "Forbidden (bad credentials)");
        }
        Response challenge = SipMessages.response(this, request, Response.UNAUTHORIZED, "Unauthorized");
        javax.sip.header.WWWAuthenticateHeader www = headerFactory.createWWWAuthenticateHeader("Digest");
        www.setRealm(digest.realm());
        www.setNonce(digest.newNonce());
        www.setAlgorithm("MD5");
        www.setQop("auth");
        if (result == DigestAuthenticator.Result.STALE) {
            www.setStale(true);
        }
        challenge.addHeader(www);
        return challenge;
    }

    private final class Listener implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            if (Request.ACK.equals(request.getMethod()) || Request.CANCEL.equals(request.getMethod())) {
                return;
            }
            ServerTransaction transaction = event.getServerTransaction();
            if (transaction == null) {
                try {
                    transaction = provider.getNewServerTransaction(request);
                } catch (TransactionAlreadyExistsException e) {
                    return; // a retransmission: the transaction in progress answers it
                } catch (TransactionUnavailableException e) {
                    LOGGER.debug("no server transaction for a {}: {}", request.getMethod(), e.toString());
                    SipRequestDefects.answerWithoutTransaction(SipBridge.this, request);
                    return;
                }
            }
            String remote = event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
            ServerTransaction st = transaction;
            long queuedAt = System.nanoTime();
            try {
                workers.execute(() -> {
                    if (System.nanoTime() - queuedAt > MAX_QUEUE_WAIT.toNanos()) {
                        // The client's transaction has (nearly) timed out: answering now would only add load.
                        busy(st, request);
                        return;
                    }
                    handle(st, request, remote);
                });
            } catch (RejectedExecutionException e) {
                busy(st, request);
            }
        }

        private void busy(ServerTransaction st, Request request) {
            try {
                st.sendResponse(SipMessages.retryLater(SipBridge.this, request, "overloaded"));
            } catch (Exception ignored) {
                LOGGER.debug("cannot answer 503", ignored);
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            ClientTransaction transaction = event.getClientTransaction();
            if (transaction == null || event.getResponse().getStatusCode() < 200) {
                return;
            }
            CompletableFuture<Response> future = pending.get(transaction);
            if (future != null) {
                future.complete(event.getResponse());
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (event.isServerTransaction()) {
                return;
            }
            CompletableFuture<Response> future = pending.get(event.getClientTransaction());
            if (future != null) {
                future.completeExceptionally(new SipException("request timed out"));
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOGGER.debug("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            if (!event.isServerTransaction()) {
                CompletableFuture<Response> future = pending.get(event.getClientTransaction());
                if (future != null) {
                    future.completeExceptionally(new SipException("transaction terminated without a final answer"));
                }
            }
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }

    static String newTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

package org.cpmmss.james.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
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

import org.apache.james.lifecycle.api.Startable;
import org.cpmmss.james.plumbing.DoorTimings;
import org.cpmmss.james.plumbing.SipDoorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackImpl;

/**
 * The SIP bridge's stack (docs/sip-bridge.md): the JAIN-SIP stack listening on {@code sip.bind} over UDP and TCP, its
 * start as a James initialisation operation and its stop on server shutdown. Its parts are wired by Guice
 * ({@link SipBridgeModule}): the configuration read once ({@link SipBridgeConfiguration}), the
 * {@link SipRequestDispatcher} answering MESSAGE ({@link SipMessageIngest}), REGISTER ({@link SipRegistrar}) and
 * OPTIONS, the {@link DeferredPusher} and the {@link SipOutboundRoute}; they reach the stack as a {@link SipEndpoint},
 * the health check as a {@link SipDoorStatus}.
 *
 * <p>The stack's threads only parse and create the server transaction (which absorbs UDP retransmissions);
 * the work runs on a bounded pool of {@code sip.threads} threads ({@link SipWorkers}), and a request that finds the
 * pool and its queue full is answered 503 with Retry-After.</p>
 */
@Singleton
public class SipBridge implements Startable, SipEndpoint, SipDoorStatus {
    private static final Logger LOGGER = LoggerFactory.getLogger(SipBridge.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    /** A request that waited this long for a worker is answered 503 instead (UDP clients give up at 32 s). */
    static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(8);
    /** The longest a stop waits for the SIP stack's own stop (it is interrupted out of its 1 s pause, SipStackStop). */
    private static final Duration STACK_STOP_LIMIT = Duration.ofSeconds(5);

    private final SipBridgeConfiguration configuration;
    private final SipWorkers workers;
    private final Provider<SipRequestDispatcher> dispatcherProvider;
    private final DoorTimings timers;
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

    private volatile boolean started;
    private volatile boolean running;
    private SipRequestDispatcher dispatcher;
    private SipStackImpl stack;
    private SipProvider provider;
    private AddressFactory addressFactory;
    private HeaderFactory headerFactory;
    private MessageFactory messageFactory;

    @Inject
    SipBridge(SipBridgeConfiguration configuration, SipWorkers workers, Provider<SipRequestDispatcher> dispatcher,
              DoorTimings timers) {
        this.configuration = configuration;
        this.workers = workers;
        this.dispatcherProvider = dispatcher;
        this.timers = timers;
    }

    public synchronized void start() throws Exception {
        started = true;
        if (!configuration.enabled()) {
            LOGGER.info("SIP bridge disabled (sip.enabled=false)");
            return;
        }
        dispatcher = dispatcherProvider.get();
        stack = new SipStackImpl(stackProperties());
        addressFactory = SipFactory.getInstance().createAddressFactory();
        headerFactory = SipFactory.getInstance().createHeaderFactory();
        messageFactory = SipFactory.getInstance().createMessageFactory();
        List<ListeningPoint> points = new ArrayList<>();
        for (String transport : configuration.transports()) {
            points.add(stack.createListeningPoint(configuration.host(), configuration.port(), transport));
        }
        provider = stack.createSipProvider(points.get(0));
        for (ListeningPoint point : points.subList(1, points.size())) {
            provider.addListeningPoint(point);
        }
        provider.addSipListener(new Listener());
        stack.start();
        running = true;
        LOGGER.info("SIP bridge listening on {}:{} ({})", configuration.host(), configuration.port(),
            String.join(", ", configuration.transports()));
    }

    /** The running stack's network layer (SipBridgeProbe); empty before the start or when disabled. */
    synchronized java.util.Optional<gov.nist.core.net.NetworkLayer> networkLayer() {
        return stack == null ? java.util.Optional.empty() : java.util.Optional.of(stack.getNetworkLayer());
    }

    @PreDestroy
    public synchronized void stop() {
        if (stack == null) {
            return;
        }
        LOGGER.info("SIP bridge stopping");
        running = false;
        workers.stop();
        pending.values().forEach(f -> f.cancel(false));
        if (!SipStackStop.stop(stack, STACK_STOP_LIMIT)) {
            LOGGER.warn("the SIP stack's stop did not end within {}", STACK_STOP_LIMIT);
        }
        stack = null;
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public Optional<Listening> started() {
        if (!started) {
            return Optional.empty();
        }
        return Optional.of(new Listening(configuration.enabled(), configuration.host(), configuration.port(),
            configuration.transports().get(0)));
    }

    @Override
    public SipBridgeConfiguration configuration() {
        return configuration;
    }

    @Override
    public SipProvider provider() {
        return provider;
    }

    @Override
    public AddressFactory addressFactory() {
        return addressFactory;
    }

    @Override
    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    @Override
    public MessageFactory messageFactory() {
        return messageFactory;
    }

    @Override
    public CompletableFuture<Response> send(Request request) throws SipException {
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
        // no TLS here: the key and trust managers are made only if something asks for them (start time)
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", OnFirstUseSecurityManagerProvider.class.getName());
        // and the JDK's TLS is set up only if a TLS socket is asked for (start time, PlainSocketsNetworkLayer)
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", PlainSocketsNetworkLayer.class.getName());
        return p;
    }

    /** Answers the request on this (worker) thread and records how long the door took. */
    private void handle(ServerTransaction transaction, Request request, String remoteAddress) {
        long start = System.nanoTime();
        dispatcher.answer(transaction, request, remoteAddress);
        timers.record("sip", request.getMethod(), Duration.ofNanos(System.nanoTime() - start));
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
                workers.requests().execute(() -> {
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
}

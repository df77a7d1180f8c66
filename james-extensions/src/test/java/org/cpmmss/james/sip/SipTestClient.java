package org.cpmmss.james.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.SipStackImpl;
import org.cpmmss.james.testing.CpmMssTestServer;

/**
 * A JAIN-SIP user agent for tests, on its own stack and free port (UDP and TCP): sends requests to the
 * bridge and waits for the final answer; as a UAS (a CPM client or a PF) it answers incoming requests with
 * {@link #answerWith(int)} and keeps them in {@link #received()}.
 */
public final class SipTestClient implements AutoCloseable {
    private static final AtomicInteger STACKS = new AtomicInteger();
    private final SipStackImpl stack;
    private final SipProvider provider;
    private final int port;
    private final String host;
    private final java.util.Deque<Integer> sequence = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private final AtomicInteger cseq = new AtomicInteger(1);

    public SipTestClient() throws Exception {
        this("127.0.0.1");
    }

    /** An agent bound to {@code host} (e.g. 127.0.0.2, a loopback address the bridge does not trust). */
    public SipTestClient(String host) throws Exception {
        this.host = host;
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-client-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "4194304");
        stack = new SipStackImpl(p);
        addresses = SipFactory.getInstance().createAddressFactory();
        headers = SipFactory.getInstance().createHeaderFactory();
        messages = SipFactory.getInstance().createMessageFactory();
        port = CpmMssTestServer.freePort();
        ListeningPoint udp = stack.createListeningPoint(host, port, "udp");
        ListeningPoint tcp = stack.createListeningPoint(host, port, "tcp");
        provider = stack.createSipProvider(udp);
        provider.addListeningPoint(tcp);
        provider.addSipListener(new Listener());
        stack.start();
    }

    public int port() {
        return port;
    }

    /** The contact URI of this agent for a transport. */
    public String contact(String user, String transport) {
        return "sip:" + user + "@" + host + ":" + port + ";transport=" + transport;
    }

    public void answerWith(int status) {
        answer.set(status);
    }

    /** Answers the next requests with these statuses in turn, then with {@link #answerWith(int)}'s. */
    public void answerNext(Integer... statuses) {
        sequence.addAll(List.of(statuses));
    }

    public BlockingQueue<Request> received() {
        return received;
    }

    /** A MESSAGE to the bridge at {@code serverPort}, with extra headers (name → value) and a body. */
    public Request message(String transport, int serverPort, String fromUri, String requestUri, Map<String, String> extra,
                           String contentType, byte[] body) throws Exception {
        Request request = request(Request.MESSAGE, transport, serverPort, fromUri, requestUri, requestUri);
        for (Map.Entry<String, String> e : extra.entrySet()) {
            request.addHeader(headers.createHeader(e.getKey(), e.getValue()));
        }
        if (contentType != null) {
            String[] parts = contentType.split("/", 2);
            request.setContent(body, headers.createContentTypeHeader(parts[0], parts[1]));
        } else if (body != null) {
            request.setContent(body, headers.createContentTypeHeader("text", "plain"));
        }
        return request;
    }

    public Request register(String transport, int serverPort, String aor, String contact, String instance, int expires)
        throws Exception {
        Request request = request(Request.REGISTER, transport, serverPort, aor, "sip:127.0.0.1:" + serverPort, aor);
        if (contact != null) {
            ContactHeader c = contact.equals("*") ? headers.createContactHeader()
                : headers.createContactHeader(addresses.createAddress(contact));
            if (instance != null) {
                c.setParameter("+sip.instance", "\"" + instance + "\"");
            }
            request.addHeader(c);
        }
        request.addHeader(headers.createExpiresHeader(expires));
        return request;
    }

    private Request request(String method, String transport, int serverPort, String fromUri, String requestUri, String toUri)
        throws Exception {
        javax.sip.address.URI target = addresses.createURI(requestUri);
        Address from = addresses.createAddress(addresses.createURI(fromUri));
        Address to = addresses.createAddress(addresses.createURI(toUri));
        ViaHeader via = headers.createViaHeader(host, port, transport, null);
        Request request = messages.createRequest(target, method, provider.getNewCallId(),
            headers.createCSeqHeader((long) cseq.getAndIncrement(), method),
            headers.createFromHeader(from, UUID.randomUUID().toString().substring(0, 8)),
            headers.createToHeader(to, null), new ArrayList<>(List.of(via)), headers.createMaxForwardsHeader(70));
        // Route to the bridge whatever the Request-URI says (tel: URIs, other hosts).
        Address route = addresses.createAddress("sip:127.0.0.1:" + serverPort + ";lr;transport=" + transport);
        request.addHeader(headers.createRouteHeader(route));
        return request;
    }

    /** Sends and waits for the final answer. */
    public Response send(Request request) throws Exception {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        CompletableFuture<Response> future = new CompletableFuture<>();
        pending.put(transaction, future);
        transaction.sendRequest();
        try {
            return future.get(30, TimeUnit.SECONDS);
        } finally {
            pending.remove(transaction);
        }
    }

    /** Sends, answers a 401 challenge once with digest credentials, and returns the final answer. */
    public Response sendWithDigest(Request request, String user, String password) throws Exception {
        Response first = send((Request) request.clone());
        if (first.getStatusCode() != 401) {
            return first;
        }
        WWWAuthenticateHeader www = (WWWAuthenticateHeader) first.getHeader(WWWAuthenticateHeader.NAME);
        Request again = (Request) request.clone();
        CSeqHeader c = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
        c.setSeqNumber(cseq.getAndIncrement());
        again.removeHeader(ViaHeader.NAME);
        again.addHeader(headers.createViaHeader(host, port,
            ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport(), null));
        again.addHeader(authorization(again, www, user, password));
        return send(again);
    }

    public AuthorizationHeader authorization(Request request, WWWAuthenticateHeader www, String user, String password)
        throws Exception {
        String uri = request.getRequestURI().toString();
        String cnonce = "c" + UUID.randomUUID().toString().substring(0, 8);
        String nc = "00000001";
        String ha1 = DigestAuthenticator.md5(user + ":" + www.getRealm() + ":" + password);
        String ha2 = DigestAuthenticator.md5(request.getMethod() + ":" + uri);
        String response = DigestAuthenticator.md5(ha1 + ":" + www.getNonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        AuthorizationHeader auth = headers.createAuthorizationHeader("Digest");
        auth.setUsername(user);
        auth.setRealm(www.getRealm());
        auth.setNonce(www.getNonce());
        auth.setURI(request.getRequestURI());
        auth.setResponse(response);
        auth.setAlgorithm("MD5");
        auth.setQop("auth");
        auth.setCNonce(cnonce);
        auth.setNonceCount(1);
        return auth;
    }

    public static String body(Request request) {
        return new String(request.getRawContent(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stack.stop();
    }

    private final class Listener implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            if (Request.ACK.equals(request.getMethod())) {
                return;
            }
            try {
                ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : provider.getNewServerTransaction(request);
                Integer next = sequence.poll();
                Response response = messages.createResponse(next != null ? next : answer.get(), request);
                ((javax.sip.header.ToHeader) response.getHeader("To")).setTag("uas");
                st.sendResponse(response);
                received.add(request);
            } catch (Exception e) {
                // a retransmission of a request already answered
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            if (event.getResponse().getStatusCode() < 200 || event.getClientTransaction() == null) {
                return;
            }
            CompletableFuture<Response> f = pending.get(event.getClientTransaction());
            if (f != null) {
                f.complete(event.getResponse());
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (!event.isServerTransaction()) {
                CompletableFuture<Response> f = pending.get(event.getClientTransaction());
                if (f != null) {
                    f.completeExceptionally(new IllegalStateException("timeout"));
                }
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}

package org.cpmmss.james.sip;

import java.util.concurrent.CompletableFuture;

import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What the bridge's parts need of the running SIP stack ({@link SipBridge}): its factories to build messages, its
 * provider to answer statelessly, its configured listening point, and sending a request in a client transaction.
 * The factories and the provider exist once the stack started ({@link #running()}).
 */
interface SipEndpoint {
    /** Whether the stack was started and listens (false when {@code sip.enabled=false}, before start and after stop). */
    boolean running();

    SipBridgeConfiguration configuration();

    SipProvider provider();

    AddressFactory addressFactory();

    HeaderFactory headerFactory();

    MessageFactory messageFactory();

    /** Sends a request in a new client transaction; the future completes with its final response (408 on timeout). */
    CompletableFuture<Response> send(Request request) throws SipException;
}

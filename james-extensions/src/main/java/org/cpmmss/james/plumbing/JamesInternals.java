package org.cpmmss.james.plumbing;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imapserver.netty.ImapChannelUpstreamHandler;
import org.apache.james.imapserver.netty.NettyImapSession;
import org.apache.james.imapserver.netty.ReactiveThrottler;

import io.netty.channel.Channel;

/**
 * The ONE place where cpm-mss reaches private members of James 3.8.1 by reflection, each for a feature James's
 * public API does not offer (docs/architecture.md, "Reflection into James", lists them with the James change that
 * would remove each):
 * <ol>
 *   <li>{@code NettyImapSession.channel}: the connection behind an IMAP session, whose command serializer IMAP NOTIFY
 *       needs to write unsolicited responses between commands;</li>
 *   <li>{@code ImapRequestLineReader.commandContinuationRequest()}: asked on the reader the request-order recorder
 *       decorates, when a literal needs a continuation;</li>
 *   <li>{@code StatusResponse.ResponseCode(String)}: the response code {@code [CANNOT]} (RFC 5530) for refused
 *       preference values, which James has no factory for;</li>
 *   <li>{@code ImapChannelUpstreamHandler.reactiveThrottler}: the server-wide limit of concurrent IMAP requests,
 *       which the IMAP door's own per-command handler ({@code imap.core.CommandHandler}) keeps using.</li>
 * </ol>
 * Every member is looked up once, when this class loads. {@link #problems()} lists those missing (a James upgrade
 * renamed or removed them); the start-up check {@code org.cpmmss.james.server.checks.JamesInternalsCheck} refuses
 * to start the server while that list is not empty, so nothing degrades silently at run time.
 */
public final class JamesInternals {
    static final String SESSION_CHANNEL = "NettyImapSession.channel";
    static final String CONTINUATION_REQUEST = "ImapRequestLineReader.commandContinuationRequest()";
    static final String RESPONSE_CODE = "StatusResponse.ResponseCode(String)";
    static final String THROTTLER = "ImapChannelUpstreamHandler.reactiveThrottler";

    /** Filled once while the class loads (below), read-only afterwards. */
    private static final List<String> PROBLEMS = new ArrayList<>();
    private static final Field SESSION_CHANNEL_FIELD = find(SESSION_CHANNEL,
        () -> NettyImapSession.class.getDeclaredField("channel"), PROBLEMS);
    private static final Method CONTINUATION_REQUEST_METHOD = find(CONTINUATION_REQUEST,
        () -> ImapRequestLineReader.class.getDeclaredMethod("commandContinuationRequest"), PROBLEMS);
    private static final Constructor<StatusResponse.ResponseCode> RESPONSE_CODE_CONSTRUCTOR = find(RESPONSE_CODE,
        () -> StatusResponse.ResponseCode.class.getDeclaredConstructor(String.class), PROBLEMS);
    private static final Field THROTTLER_FIELD = find(THROTTLER,
        () -> ImapChannelUpstreamHandler.class.getDeclaredField("reactiveThrottler"), PROBLEMS);

    private JamesInternals() {
    }

    /** One private member to look up; throws when the James on the class path lacks it. */
    @FunctionalInterface
    interface Lookup<T> {
        T find() throws ReflectiveOperationException;
    }

    /** The members this James lacks, each as {@code member: reason}; empty when every one was found. */
    public static List<String> problems() {
        return List.copyOf(PROBLEMS);
    }

    /**
     * The Netty channel of an IMAP session of James's IMAP server; empty for another kind of session (a test's).
     * Fails loudly when the member is missing (the start-up check refuses to start before that can happen).
     */
    public static Optional<Channel> channelOf(ImapSession session) {
        if (!(session instanceof NettyImapSession)) {
            return Optional.empty();
        }
        try {
            Object value = present(SESSION_CHANNEL_FIELD, SESSION_CHANNEL).get(session);
            return value instanceof Channel channel ? Optional.of(channel) : Optional.empty();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + SESSION_CHANNEL, e);
        }
    }

    /** Sends the continuation request ({@code + }) of the reader {@code reader} for a literal. */
    public static void requestContinuation(ImapRequestLineReader reader) throws DecodingException {
        try {
            present(CONTINUATION_REQUEST_METHOD, CONTINUATION_REQUEST).invoke(reader);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof DecodingException decoding) {
                throw decoding;
            }
            throw new DecodingException(HumanReadableText.SOCKET_IO_FAILURE, "cannot request continuation", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + CONTINUATION_REQUEST, e);
        }
    }

    /** An IMAP response code James has no factory for, e.g. {@code CANNOT} (RFC 5530). */
    public static StatusResponse.ResponseCode responseCode(String code) {
        try {
            return present(RESPONSE_CODE_CONSTRUCTOR, RESPONSE_CODE).newInstance(code);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the response code " + code + " with " + RESPONSE_CODE, e);
        }
    }

    /** The server-wide request throttler James's core handler {@code handler} was built with. */
    public static ReactiveThrottler throttlerOf(ImapChannelUpstreamHandler handler) {
        try {
            return (ReactiveThrottler) present(THROTTLER_FIELD, THROTTLER).get(handler);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + THROTTLER, e);
        }
    }

    /**
     * Looks {@code member} up and makes it accessible; when it is missing (or cannot be opened), adds
     * {@code member: reason} to {@code problems} and returns null.
     */
    static <T extends AccessibleObject> T find(String member, Lookup<T> lookup, List<String> problems) {
        try {
            T found = lookup.find();
            found.setAccessible(true);
            return found;
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.add(member + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        }
    }

    private static <T> T present(T member, String name) {
        if (member == null) {
            throw new IllegalStateException(name + " is missing in this James (" + problems()
                + "); the start-up check james-internals should have refused to start");
        }
        return member;
    }
}

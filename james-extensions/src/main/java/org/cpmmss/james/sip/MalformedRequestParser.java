package org.cpmmss.james.sip;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The SIP bridge's message parser (the stack's own, plus answerable defects): the NIST stack silently drops a
 * request without Call-ID, CSeq, From or To, one with an unparsable Max-Forwards, and (over UDP) a datagram that is
 * not SIP at all. This parser lets such a request through with placeholders for what is missing and the header
 * {@value #DEFECT_HEADER} naming the defects, so that the bridge answers it {@code 400} with the reason
 * ({@link SipRequestDefects}); a datagram that is not SIP becomes such a request addressed back to its sender. The
 * header is removed from every incoming request first, so only this parser sets it. A request without Via stays
 * unanswerable (there is nowhere to send the answer) and is still dropped by the stack.
 */
public final class MalformedRequestParser implements MessageParser {
    public static final String DEFECT_HEADER = "X-CPM-Malformed";
    static final String UNSUPPORTED_VERSION = "unsupported SIP version";
    private static final String PLACEHOLDER = "sip:malformed.invalid";
    private static final java.util.regex.Pattern CALL_ID =
        java.util.regex.Pattern.compile("(?im)^(?:Call-ID|i)[ \t]*:[ \t]*([\\x21-\\x7e]{1,200})[ \t]*\r?$");

    /** Named in the stack property {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. */
    public static final class Factory implements MessageParserFactory {
        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            return new MalformedRequestParser();
        }
    }

    @Override
    public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener channel)
        throws ParseException {
        List<String> defects = new ArrayList<>();
        boolean[] channelAnswered = {false};
        ParseExceptionListener recording = (e, message, headerClass, header, text) -> {
            if (MaxForwards.class.equals(headerClass)) {
                defects.add("Max-Forwards is not a number");
            } else if (channel != null) {
                channelAnswered[0] = true; // the stack answers 400 itself where it can
                channel.handleException(e, message, headerClass, header, text);
            } else {
                throw e;
            }
        };
        SIPMessage message;
        try {
            message = new StringMsgParser().parseSIPMessage(bytes, readBody, strict, recording);
        } catch (ParseException | RuntimeException e) {
            java.util.Optional<InetSocketAddress> sender = channelAnswered[0] ? java.util.Optional.empty() : datagramSender(channel);
            if (sender.isPresent()) {
                return notSip(sender.get(), bytes, e.getMessage());
            }
            throw e;
        }
        if (message == null && !blank(bytes)) {
            java.util.Optional<InetSocketAddress> sender = datagramSender(channel);
            if (sender.isPresent()) {
                return notSip(sender.get(), bytes, null);
            }
        }
        if (message instanceof SIPRequest request) {
            request.removeHeader(DEFECT_HEADER);
            version(bytes).filter(v -> !v.equals(SipRequestDefects.SIP_2_0))
                .ifPresent(v -> defects.add(UNSUPPORTED_VERSION + " " + v));
            fillIn(request, defects);
            if (!defects.isEmpty()) {
                request.addHeader(DEFECT_HEADER + ": " + String.join(", ", defects));
            }
        }
        return message;
    }

    /**
     * The sender of the datagram being parsed, when the channel is UDP. The stack records the sender's port only
     * after a successful parse, so it is read from the channel's packet (a private field of the NIST stack;
     * without it the datagram stays unanswered, as the stack alone would leave it).
     */
    private static java.util.Optional<InetSocketAddress> datagramSender(ParseExceptionListener channel) {
        if (!(channel instanceof MessageChannel datagram) || datagram.isReliable()) {
            return java.util.Optional.empty();
        }
        try {
            java.lang.reflect.Field packet = datagram.getClass().getDeclaredField("incomingPacket");
            packet.setAccessible(true);
            if (packet.get(datagram) instanceof DatagramPacket p && p.getAddress() != null && p.getPort() > 0) {
                return java.util.Optional.of(new InetSocketAddress(p.getAddress(), p.getPort()));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another stack version: leave the datagram unanswered
        }
        return java.util.Optional.empty();
    }

    /** The version at the end of the request line as sent (the stack's parser reports any version as 2.0). */
    private static java.util.Optional<String> version(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        int end = start;
        while (end < bytes.length && end - start < 8192 && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        String line = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1).trim();
        int space = line.lastIndexOf(' ');
        return space < 0 ? java.util.Optional.empty() : java.util.Optional.of(line.substring(space + 1));
    }

    /** CRLF keep-alives (RFC 5626) are not requests. */
    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static void fillIn(SIPRequest request, List<String> defects) throws ParseException {
        if (request.getCallId() == null) {
            defects.add("no Call-ID");
            request.addHeader("Call-ID: cpm-malformed-" + UUID.randomUUID());
        }
        if (request.getCSeq() == null) {
            defects.add("no CSeq");
            request.addHeader("CSeq: 1 " + request.getMethod());
        }
        if (request.getFrom() == null) {
            defects.add("no From");
            request.addHeader("From: <" + PLACEHOLDER + ">;tag=malformed");
        }
        if (request.getTo() == null) {
            defects.add("no To");
            request.addHeader("To: <" + PLACEHOLDER + ">");
        }
        if (request.getMaxForwards() == null && !defects.isEmpty()) {
            request.addHeader("Max-Forwards: 70");
        }
    }

    /**
     * A request standing for a datagram that cannot be parsed as SIP, answered to its sender's address and port, with
     * the datagram's own Call-ID when one can be read (so that the sender can match the answer).
     */
    private static SIPMessage notSip(InetSocketAddress sender, byte[] bytes, String why) throws ParseException {
        String defect = "not a SIP message that can be parsed"
            + (why == null || why.isBlank() ? "" : ": " + why.replaceAll("[^A-Za-z0-9 .,:/=()_-]", " ").trim());
        defect = defect.length() > 120 ? defect.substring(0, 120) : defect;
        String id = UUID.randomUUID().toString();
        java.util.regex.Matcher sent = CALL_ID.matcher(new String(bytes, 0, Math.min(bytes.length, 16384), StandardCharsets.ISO_8859_1));
        if (sent.find()) {
            try {
                return notSip(sender, id, sent.group(1), defect);
            } catch (ParseException e) {
                // a Call-ID the stack cannot take: answer with one of ours
            }
        }
        return notSip(sender, id, "cpm-malformed-" + id, defect);
    }

    private static SIPMessage notSip(InetSocketAddress sender, String id, String callId, String defect) throws ParseException {
        String host = sender.getAddress().getHostAddress();
        String text = "MESSAGE " + PLACEHOLDER + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + (host.contains(":") ? "[" + host + "]" : host) + ":" + sender.getPort()
            + ";branch=z9hG4bK-cpm-malformed-" + id + "\r\n"
            + "Max-Forwards: 70\r\nFrom: <" + PLACEHOLDER + ">;tag=malformed\r\nTo: <" + PLACEHOLDER + ">\r\n"
            + "Call-ID: " + callId + "\r\nCSeq: 1 MESSAGE\r\n"
            + DEFECT_HEADER + ": " + defect + "\r\nContent-Length: 0\r\n\r\n";
        return new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII), true, false, null);
    }
}

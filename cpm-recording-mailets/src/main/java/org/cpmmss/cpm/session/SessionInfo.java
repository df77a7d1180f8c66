package org.cpmmss.cpm.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.xml.SafeXml;
import org.cpmmss.cpm.xml.XmlElement;
import org.cpmmss.cpm.xml.XmlTooLargeException;
import org.cpmmss.cpm.xml.XmlText;

/**
 * The body of a session info object ({@code Application/X-CPM-Session}):
 * {@code <session><session-type>Group</session-type><sdp>…</sdp><invited-participants>tel:+1…;sip:b@x</invited-participants></session>}.
 * The bare element sequence without the {@code <session>} wrapper (MediaTek, C++ library) is accepted
 * too. The establishment time and the inviting user are the {@code Date} and {@code From} headers of the
 * stored object (see {@link SessionObjects}).
 *
 * @param sessionType required: {@code Group}, {@code 1-1}, {@code Ad-Hoc} or {@code Pre-Defined} ({@link SessionVocabulary})
 * @param sdp the SDP of the session, if recorded
 * @param invitedParticipants invited participants' URIs (written separated by {@code ;})
 */
public record SessionInfo(String sessionType, Optional<String> sdp, List<String> invitedParticipants) {
    /** Splits on ';' only where a new URI starts, so URI parameters ({@code ;user=phone}) survive. */
    private static final Pattern PARTICIPANT_SEPARATOR =
            Pattern.compile(";\\s*(?=(?i:tel|sips?|im|pres|mailto):)");

    public SessionInfo {
        Objects.requireNonNull(sessionType);
        Objects.requireNonNull(sdp);
        invitedParticipants = List.copyOf(invitedParticipants);
    }

    public boolean isGroup() {
        return sessionType.equalsIgnoreCase("Group");
    }

    public static SessionInfo parse(byte[] body) throws CpmFormatException {
        return parse(body, SafeXml.defaults());
    }

    public static SessionInfo parse(byte[] body, SafeXml parser) throws CpmFormatException {
        if (body.length > parser.maxBytes()) {
            throw new XmlTooLargeException("session info too large: " + body.length + " bytes, limit " + parser.maxBytes());
        }
        XmlElement root = parser.parse(wrapIfBare(body));
        if (!root.localName().equals("session")) {
            throw new CpmFormatException("session info: root element must be session");
        }
        SessionVocabulary.requireNoNamespace("session info", root);
        String type = root.childText("session-type").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new CpmFormatException("session info: session-type is missing"));
        SessionVocabulary.requireKind("session info: session-type", type);
        Optional<String> sdp = root.child("sdp").map(XmlElement::text).filter(s -> !s.isBlank());
        List<String> invited = SessionVocabulary.requireInvitedWithinLimit("session info",
                splitParticipants(root.childText("invited-participants").orElse("")));
        return new SessionInfo(type, sdp, invited);
    }

    /** Splits a {@code ;}-separated participant list. */
    public static List<String> splitParticipants(String list) {
        List<String> out = new ArrayList<>();
        for (String p : PARTICIPANT_SEPARATOR.split(list.trim())) {
            String t = p.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static byte[] wrapIfBare(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip();
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        if (s.startsWith("<?xml")) {
            int end = s.indexOf("?>");
            if (end < 0) {
                return body;
            }
            s = s.substring(end + 2).strip();
        }
        if (s.startsWith("<session>") || s.startsWith("<session ") || s.startsWith("<session\t")
                || s.startsWith("<session\r") || s.startsWith("<session\n") || s.startsWith("<session/")) {
            return body;
        }
        return ("<session>" + s + "</session>").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] toXml() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<session>");
        b.append("<session-type>").append(XmlText.escape(sessionType)).append("</session-type>");
        sdp.ifPresent(s -> b.append("<sdp>").append(XmlText.escape(s)).append("</sdp>"));
        b.append("<invited-participants>").append(XmlText.escape(String.join(";", invitedParticipants)))
                .append("</invited-participants>");
        b.append("</session>\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SessionInfo[" + sessionType + ", sdp=" + sdp.map(s -> s.length() + " chars").orElse("none")
                + ", invited=" + Arrays.toString(invitedParticipants.toArray()) + "]";
    }
}

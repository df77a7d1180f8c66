package org.cpmmss.cpm.groupstate;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.xml.SafeXml;
import org.cpmmss.cpm.xml.XmlElement;
import org.cpmmss.cpm.xml.XmlText;

/**
 * A Group State Object ({@code application/group-state-object+xml}, storage-profile §5).
 *
 * <pre>
 * &lt;groupstate timestamp="2012-06-13T16:39:57-05:00" lastfocussessionid="sip:da9274453@company.com"
 *             group-type="Closed" [contributionid="…"]&gt;
 *   &lt;participant name="bob" comm-addr="tel:+16135551212"/&gt; …
 * &lt;/groupstate&gt;
 * </pre>
 * Required: {@code timestamp} (RFC 3339, {@code +0100} accepted), {@code lastfocussessionid} (a sip:/sips: URI),
 * {@code group-type} ({@code Closed} or {@code Open}, case ignored), {@code comm-addr} of each participant; the
 * root is in no namespace. Everything else is optional; unknown
 * attributes and elements are ignored.
 */
public record GroupState(OffsetDateTime timestamp, String lastFocusSessionId, String groupType,
                         Optional<String> contributionId, List<Participant> participants) {
    public static final String CONTENT_TYPE = "application/group-state-object+xml";
    /** Spelling of the content type used when writing stored objects. */
    public static final String STORED_CONTENT_TYPE = "Application/group-state-object+xml";

    /** One participant; {@code name} is empty when absent. */
    public record Participant(String name, String commAddr) {
        public Participant {
            Objects.requireNonNull(name);
            Objects.requireNonNull(commAddr);
        }
    }

    public GroupState {
        Objects.requireNonNull(timestamp);
        Objects.requireNonNull(lastFocusSessionId);
        Objects.requireNonNull(groupType);
        Objects.requireNonNull(contributionId);
        participants = List.copyOf(participants);
    }

    public boolean isClosed() {
        return groupType.toLowerCase(Locale.ROOT).equals("closed");
    }

    /** Most participants accepted in one Group State Object (RCS groups are far smaller). */
    public static final int MAX_PARTICIPANTS = 500;
    /** Participants checked without a country code: readers of stored objects; the pipeline passes its own. */
    private static final CpmAddressNormalizer ADDRESSES = new CpmAddressNormalizer();
    /** The group types of RCS group chat (case ignored). */
    private static final java.util.Set<String> GROUP_TYPES = java.util.Set.of("closed", "open");
    /** The conference focus's session URI: sip: or sips:, no spaces, angle brackets, quotes or control characters. */
    private static final java.util.regex.Pattern FOCUS_URI =
        java.util.regex.Pattern.compile("(?i)sips?:[^\\s<>\"\\p{Cntrl}]{1,1024}");

    public static GroupState parse(byte[] xml) throws CpmFormatException {
        return parse(xml, SafeXml.defaults());
    }

    public static GroupState parse(byte[] xml, SafeXml parser) throws CpmFormatException {
        return parse(xml, parser, ADDRESSES);
    }

    /** Parses with the configured address normaliser checking each participant (national numbers need a country code). */
    public static GroupState parse(byte[] xml, CpmAddressNormalizer addresses) throws CpmFormatException {
        return parse(xml, SafeXml.defaults(), addresses);
    }

    public static GroupState parse(byte[] xml, SafeXml parser, CpmAddressNormalizer addresses) throws CpmFormatException {
        XmlElement root = parser.parse(xml);
        if (!root.localName().equals("groupstate")) {
            throw new CpmFormatException("Group State Object: root element must be groupstate, not " + shorten(root.localName()));
        }
        if (!root.namespace().isEmpty()) {
            throw new CpmFormatException("Group State Object: root element groupstate must be in no namespace, not "
                + shorten(root.namespace()));
        }
        String ts = required(root, "timestamp");
        OffsetDateTime timestamp = CpmDates.parseDateTime(ts);
        String focus = required(root, "lastfocussessionid");
        if (!FOCUS_URI.matcher(focus).matches()) {
            throw new CpmFormatException("Group State Object: lastfocussessionid must be a sip: or sips: URI, not \""
                + shorten(focus) + "\"");
        }
        String type = required(root, "group-type");
        if (!GROUP_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            throw new CpmFormatException("Group State Object: group-type must be Closed or Open, not \"" + shorten(type) + "\"");
        }
        Optional<String> contribution = root.attribute("contributionid").map(String::trim).filter(s -> !s.isEmpty());
        List<Participant> participants = new ArrayList<>();
        for (XmlElement p : root.childrenNamed("participant")) {
            String addr = p.attribute("comm-addr").map(String::trim).orElse("");
            if (addr.isEmpty()) {
                throw new CpmFormatException("Group State Object: participant without comm-addr");
            }
            if (participants.size() == MAX_PARTICIPANTS) {
                throw new CpmFormatException("Group State Object: more than " + MAX_PARTICIPANTS + " participants");
            }
            try {
                if (addresses.normalize(addr).kind() == CpmAddress.Kind.ANONYMOUS) {
                    throw new CpmFormatException("anonymous address");
                }
            } catch (CpmFormatException e) {
                throw new CpmFormatException("Group State Object: participant comm-addr is not a tel: or sip: address: \""
                    + shorten(addr) + "\"", e);
            }
            participants.add(new Participant(p.attribute("name").orElse(""), addr));
        }
        if (participants.isEmpty()) {
            throw new CpmFormatException("Group State Object: no participant");
        }
        return new GroupState(timestamp, focus, type, contribution, participants);
    }

    private static String required(XmlElement root, String attr) throws CpmFormatException {
        String v = root.attribute(attr).map(String::trim).orElse("");
        if (v.isEmpty()) {
            throw new CpmFormatException("Group State Object: required attribute " + attr + " is missing");
        }
        return v;
    }

    public byte[] toXml() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
        b.append("<groupstate timestamp=\"").append(CpmDates.formatDateTime(timestamp))
                .append("\" lastfocussessionid=\"").append(XmlText.escape(lastFocusSessionId))
                .append("\" group-type=\"").append(XmlText.escape(groupType)).append('"');
        contributionId.ifPresent(c -> b.append(" contributionid=\"").append(XmlText.escape(c)).append('"'));
        b.append(">\r\n");
        for (Participant p : participants) {
            b.append("  <participant name=\"").append(XmlText.escape(p.name())).append("\" comm-addr=\"")
                    .append(XmlText.escape(p.commAddr())).append("\"/>\r\n");
        }
        b.append("</groupstate>\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

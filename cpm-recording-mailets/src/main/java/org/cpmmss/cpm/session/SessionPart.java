package org.cpmmss.cpm.session;

import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.object.CpmHeaders;

import java.util.ArrayList;
import java.util.List;

/** One body part of a session history object after the session info part. */
public record SessionPart(Kind kind, MimePart part) {
    public enum Kind { CHAT_MESSAGE, DISPOSITION_NOTIFICATION, GROUP_STATE, MEDIA }

    public SessionPart {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(part);
    }

    /** A chat message part: {@code Content-Type: message/cpim}. */
    public static SessionPart chatMessage(CpimMessage cpim) throws CpmFormatException {
        return new SessionPart(Kind.CHAT_MESSAGE, MimePart.of(
                List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_CPIM)), cpim.bytes()));
    }

    /** A disposition notification part: message/cpim wrapping message/imdn+xml. */
    public static SessionPart notification(CpimMessage cpim) throws CpmFormatException {
        ImdnCpim.unwrap(cpim);
        return new SessionPart(Kind.DISPOSITION_NOTIFICATION, MimePart.of(
                List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_CPIM)), cpim.bytes()));
    }

    public static SessionPart groupState(GroupState state) throws CpmFormatException {
        return new SessionPart(Kind.GROUP_STATE, MimePart.of(
                List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_GROUP_STATE)), state.toXml()));
    }

    /** A media part, base64-encoded, with the given Content-ID (without angle brackets). */
    public static SessionPart media(String contentType, String contentId, byte[] data) throws CpmFormatException {
        List<HeaderField> h = new ArrayList<>();
        h.add(new HeaderField(CpmHeaders.CONTENT_TYPE, contentType));
        h.add(new HeaderField(CpmHeaders.CONTENT_TRANSFER_ENCODING, "base64"));
        if (contentId != null) {
            h.add(new HeaderField(CpmHeaders.CONTENT_ID, "<" + contentId + ">"));
        }
        return new SessionPart(Kind.MEDIA, MimePart.of(h, java.util.Base64.getMimeEncoder()
                .encode(data)));
    }

    /** Recognises and validates a part read from a stored session history. */
    static SessionPart read(MimePart part, MimeLimits limits, Optional<CpmAddressNormalizer> addresses)
            throws CpmFormatException {
        String type = part.contentType().mimeType();
        if (type.equals("message/cpim")) {
            CpimMessage cpim = CpimMessage.parse(part.decodedBody(), limits);
            if (cpim.payloadContentType().is(ImdnNotification.CONTENT_TYPE)) {
                ImdnCpim.unwrap(cpim);
                return new SessionPart(Kind.DISPOSITION_NOTIFICATION, part);
            }
            return new SessionPart(Kind.CHAT_MESSAGE, part);
        }
        if (type.equals("application/group-state-object+xml")) {
            if (addresses.isPresent()) {
                GroupState.parse(part.decodedBody(), addresses.get());
            } else {
                GroupState.parse(part.decodedBody());
            }
            return new SessionPart(Kind.GROUP_STATE, part);
        }
        return new SessionPart(Kind.MEDIA, part);
    }

    /** The CPIM message of a chat message or notification part. */
    public CpimMessage cpim() throws CpmFormatException {
        if (kind != Kind.CHAT_MESSAGE && kind != Kind.DISPOSITION_NOTIFICATION) {
            throw new CpmFormatException("session part is not message/cpim");
        }
        return CpimMessage.parse(part.decodedBody());
    }
}

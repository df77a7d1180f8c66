package org.cpmmss.cpm.session;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.mime.ContentType;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.mime.Multipart;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.StoredObject;

/** Writing and reading session info objects and session history objects. */
public final class SessionObjects {
    private final MimeLimits limits;
    private final Optional<CpmAddressNormalizer> addresses;

    public SessionObjects() {
        this(MimeLimits.DEFAULT);
    }

    public SessionObjects(MimeLimits limits) {
        this.limits = limits;
        this.addresses = Optional.empty();
    }

    /** @param addresses the configured address normaliser, checking Group State Object participants */
    public SessionObjects(MimeLimits limits, CpmAddressNormalizer addresses) {
        this.limits = limits;
        this.addresses = Optional.of(addresses);
    }

    /**
     * A single-part session info object (RCS 6.0 shape). Establishment time = {@code Date}, inviting user =
     * {@code From}; {@code Contribution-ID} is required.
     */
    public StoredObject sessionInfoObject(CpmObjectHeaders headers, SessionInfo info) throws CpmFormatException {
        if (headers.contributionId().isEmpty()) {
            throw new CpmFormatException("a session info object needs a Contribution-ID");
        }
        return StoredObject.create(headers, CpmHeaders.CONTENT_TYPE_SESSION, "8bit", info.toXml());
    }

    /** Reads a single-part session info object. */
    public SessionInfo readSessionInfo(StoredObject object) throws CpmFormatException {
        if (!object.contentType().is(CpmHeaders.CONTENT_TYPE_SESSION)) {
            throw new CpmFormatException("not a session info object: Content-Type is " + object.contentType().mimeType());
        }
        return SessionInfo.parse(object.part().decodedBody());
    }

    /** Establishment time of the session (the object's {@code Date}). */
    public Optional<OffsetDateTime> establishmentTime(StoredObject object) throws CpmFormatException {
        return object.headers().dateValue();
    }

    /** Inviting user (the object's {@code From}). */
    public Optional<String> invitingUser(StoredObject object) {
        return object.headers().from();
    }

    /** The whole session as one {@code multipart/related; type="Application/X-CPM-Session"} object. */
    public StoredObject sessionHistoryObject(CpmObjectHeaders headers, SessionHistory history, String boundary)
            throws CpmFormatException {
        if (headers.contributionId().isEmpty()) {
            throw new CpmFormatException("a session history object needs a Contribution-ID");
        }
        List<MimePart> parts = new ArrayList<>();
        parts.add(MimePart.of(List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_SESSION)),
                history.info().toXml()));
        for (SessionPart p : history.parts()) {
            parts.add(p.part());
        }
        byte[] body = Multipart.join(parts, boundary);
        return StoredObject.create(headers, "multipart/related; boundary=\"" + boundary + "\"; type=\""
                + CpmHeaders.CONTENT_TYPE_SESSION + "\"", "8bit", body);
    }

    public StoredObject sessionHistoryObject(CpmObjectHeaders headers, SessionHistory history) throws CpmFormatException {
        return sessionHistoryObject(headers, history, Multipart.newBoundary());
    }

    /** Reads and validates a session history object; the first part must be the session info. */
    public SessionHistory readSessionHistory(StoredObject object) throws CpmFormatException {
        ContentType ct = object.contentType();
        if (!ct.is("multipart/related")
                || !ct.parameter("type").orElse("").trim().equalsIgnoreCase(CpmHeaders.CONTENT_TYPE_SESSION)) {
            throw new CpmFormatException("not a session history object: expected multipart/related; type=\""
                    + CpmHeaders.CONTENT_TYPE_SESSION + "\"");
        }
        String boundary = ct.parameter("boundary")
                .orElseThrow(() -> new CpmFormatException("session history: multipart boundary missing"));
        List<MimePart> parts = Multipart.split(object.body(), boundary, limits);
        if (parts.isEmpty() || !parts.get(0).contentType().is(CpmHeaders.CONTENT_TYPE_SESSION)) {
            throw new CpmFormatException("session history: the first part must be " + CpmHeaders.CONTENT_TYPE_SESSION);
        }
        SessionInfo info = SessionInfo.parse(parts.get(0).decodedBody());
        List<SessionPart> rest = new ArrayList<>();
        for (MimePart p : parts.subList(1, parts.size())) {
            rest.add(SessionPart.read(p, limits, addresses));
        }
        return new SessionHistory(info, rest);
    }

    /** Parses raw bytes as a session history object. */
    public SessionHistory readSessionHistory(byte[] raw) throws CpmFormatException {
        return readSessionHistory(StoredObject.parse(raw, limits));
    }
}

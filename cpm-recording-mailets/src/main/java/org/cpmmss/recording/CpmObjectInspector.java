package org.cpmmss.recording;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimHeaderCheck;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.filetransfer.FileContent;
import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.filetransfer.FileTransferRecord;
import org.cpmmss.cpm.folder.FolderNames;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.StandaloneMedia;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.cpm.session.SessionHistory;
import org.cpmmss.cpm.session.SessionObjects;
import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Validates and classifies one submitted object, all or nothing: the object must parse as its kind
 * (CPIM, IMDN, FT-over-HTTP, Group State Object, session info or history, file transfer history), fit the
 * size limits, name an originator, and every id that can become a folder name must be a safe folder name.
 * Any failure is a {@link CpmFormatException} whose {@code reason()} is the refusal text.
 */
public final class CpmObjectInspector {
    private final CpmPolicy policy;
    private final MimeLimits limits;
    private final CpmAddressNormalizer normalizer;
    private final CpimHeaderCheck cpimCheck;

    public CpmObjectInspector(CpmPolicy policy) {
        this.policy = policy;
        this.normalizer = policy.addressNormalizer();
        this.cpimCheck = new CpimHeaderCheck(normalizer);
        int max = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(policy.maxObjectSize(), policy.maxFileSize()) * 2);
        this.limits = new MimeLimits(max, MimeLimits.DEFAULT_MAX_HEADERS, MimeLimits.DEFAULT_MAX_HEADER_BLOCK_BYTES,
            MimeLimits.DEFAULT_MAX_PARTS);
    }

    public CpmInspection inspect(byte[] raw) throws CpmFormatException {
        StoredObject object = StoredObject.parse(raw, limits);
        CpmObjectType type = new CpmObjectClassifier(limits).classify(object);
        CpmObjectHeaders h = object.headers();
        if (type != CpmObjectType.FILE_TRANSFER_HISTORY && raw.length > policy.maxObjectSize()) {
            throw new CpmFormatException("object of " + raw.length + " bytes exceeds cpm.limits.max-object-size ("
                + policy.maxObjectSize() + " bytes)");
        }
        Optional<String> conversationId = safeId("Conversation-ID", h.conversationId());
        Optional<String> contributionId = safeId("Contribution-ID", h.contributionId());
        safeId("InReplyTo-Contribution-ID", h.inReplyToContributionId());
        Optional<Boolean> group = Optional.empty();
        Optional<String> reported = Optional.empty();
        Optional<String> cpimFrom = Optional.empty();
        Optional<CpimMessage> cpimMessage = Optional.empty();
        CpmObjects objects = new CpmObjects(limits);
        switch (type) {
            case CHAT_MESSAGE, SMS, MMS, CPIM_OTHER -> {
                if (object.contentType().is(CpmHeaders.CONTENT_TYPE_CPIM)) {
                    CpimMessage cpim = objects.readCpim(object);
                    cpimCheck.check(cpim);
                    cpimFrom = cpim.from();
                    cpimMessage = Optional.of(cpim);
                } else if (type == CpmObjectType.CPIM_OTHER) {
                    throw new CpmFormatException("message/cpim body is missing or unreadable");
                }
            }
            case DISPOSITION_NOTIFICATION -> {
                CpimMessage cpim = objects.readCpim(object);
                cpimCheck.check(cpim);
                cpimFrom = cpim.from();
                reported = Optional.of(ImdnCpim.unwrap(cpim).messageId());
            }
            case FILE_TRANSFER_HTTP -> {
                CpimMessage cpim = objects.readCpim(object);
                cpimCheck.check(cpim);
                cpimFrom = cpim.from();
                cpimMessage = Optional.of(cpim);
                objects.readFileTransferHttp(object);
                require(contributionId, CpmHeaders.CONTRIBUTION_ID, "a file transfer");
            }
            case GROUP_STATE -> {
                GroupState.parse(object.part().decodedBody(), normalizer);
                require(contributionId, CpmHeaders.CONTRIBUTION_ID, "a Group State Object");
                group = Optional.of(true);
            }
            case SESSION_INFO -> {
                require(contributionId, CpmHeaders.CONTRIBUTION_ID, "a session info object");
                group = Optional.of(new SessionObjects(limits).readSessionInfo(object).isGroup());
            }
            case SESSION_HISTORY -> {
                require(contributionId, CpmHeaders.CONTRIBUTION_ID, "a session history object");
                SessionHistory history = new SessionObjects(limits, normalizer).readSessionHistory(object);
                group = Optional.of(history.info().isGroup());
            }
            case FILE_TRANSFER_HISTORY -> {
                FileTransferRecord record = new FileTransferObjects(limits).read(object);
                for (FileContent c : record.contents().values()) {
                    if (c.size() > policy.maxFileSize()) {
                        throw new CpmFormatException("a file of " + c.size()
                            + " bytes exceeds cpm.limits.max-file-size (" + policy.maxFileSize() + " bytes)");
                    }
                }
                group = Optional.of(record.history().invitedParticipants().size() > 1);
            }
            case MEDIA -> StandaloneMedia.check(object.contentType());
            default -> throw new CpmFormatException("unclassifiable object");
        }
        CpmAddress originator = originator(h.from(), cpimFrom);
        List<CpmAddress> to = addresses(h.to());
        if (group.isEmpty() && to.size() > 1) {
            group = Optional.of(true);
        }
        // the RCS group conventions (design.md, "Group or 1-1") win over an object's own 1-1 claim: a group object is
        // never filed in a 1-1 folder
        if (to.stream().anyMatch(policy.conferenceFactoryUris()::isGroupUri)
                || cpimMessage.map(this::groupByCpim).orElse(false)) {
            group = Optional.of(true);
        }
        boolean ended = h.extra(CpmHeaders.CPM_SESSION_STATE)
            .map(v -> v.trim().equalsIgnoreCase(CpmHeaders.SESSION_STATE_ENDED)).orElse(false);
        return new CpmInspection(type, key(h, raw), originator, to, conversationId, contributionId, group, ended,
            reported);
    }

    /**
     * The RCS group convention of CPIM headers: the CPIM {@code To} is {@code sip:anonymous@anonymous.invalid} while
     * the CPIM {@code From} is a real address (a 1-1 message anonymises both or neither).
     */
    private boolean groupByCpim(CpimMessage cpim) {
        if (cpim.to().isEmpty() || cpim.from().isEmpty()) {
            return false;
        }
        try {
            for (String to : cpim.to()) {
                if (!normalizer.normalize(to).isAnonymous()) {
                    return false;
                }
            }
            return !normalizer.normalize(cpim.from().get()).isAnonymous();
        } catch (CpmFormatException e) {
            return false; // im:/pres: URIs: no convention applies
        }
    }

    /** The idempotency key of an object (see {@link CpmInspection#key()}). */
    public static String key(CpmObjectHeaders h, byte[] raw) {
        Optional<String> imdn = h.imdnMessageId().map(String::trim).filter(s -> !s.isEmpty());
        if (imdn.isPresent()) {
            return "imdn:" + imdn.get();
        }
        Optional<String> mid = h.messageId().map(String::trim).filter(s -> !s.isEmpty());
        if (mid.isPresent()) {
            return "mid:" + mid.get();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CpmAddress originator(Optional<String> from, Optional<String> cpimFrom) throws CpmFormatException {
        if (from.isPresent() && !from.get().isBlank()) {
            try {
                return normalizer.normalize(firstAddress(from.get()));
            } catch (CpmFormatException e) {
                throw new CpmFormatException("From header: " + e.reason(), e);
            }
        }
        if (cpimFrom.isPresent() && !cpimFrom.get().isBlank()) {
            try {
                return normalizer.normalize(cpimFrom.get());
            } catch (CpmFormatException e) {
                throw new CpmFormatException("CPIM From: " + e.reason(), e);
            }
        }
        throw new CpmFormatException("the object names no originator (no From header, no CPIM From)");
    }

    private List<CpmAddress> addresses(Optional<String> header) throws CpmFormatException {
        List<CpmAddress> out = new ArrayList<>();
        if (header.isEmpty() || header.get().isBlank()) {
            return out;
        }
        for (String part : splitAddressList(header.get())) {
            try {
                out.add(normalizer.normalize(part));
            } catch (CpmFormatException e) {
                throw new CpmFormatException("To header: " + e.reason(), e);
            }
        }
        return out;
    }

    private static String firstAddress(String header) {
        List<String> all = splitAddressList(header);
        return all.isEmpty() ? header : all.get(0);
    }

    /** Splits an address list on commas outside angle brackets and quotes. */
    static List<String> splitAddressList(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle = Math.max(0, angle - 1);
            }
            if (c == ',' && !quoted && angle == 0) {
                add(out, current);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        String s = current.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        current.setLength(0);
    }

    private static Optional<String> safeId(String what, Optional<String> value) throws CpmFormatException {
        if (value.isEmpty()) {
            return value;
        }
        String v = value.get().trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(FolderNames.requireSafe(what, v));
    }

    private static void require(Optional<String> v, String header, String what) throws CpmFormatException {
        if (v.isEmpty()) {
            throw new CpmFormatException(what + " needs a " + header + " header");
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}

package org.cpmmss.james.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.filetransfer.FileObject;
import org.cpmmss.cpm.filetransfer.FileTransferHistory;
import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.fthttp.FtHttpFileInfo;
import org.cpmmss.cpm.fthttp.FtHttpInfo;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;

/**
 * The JSON view of one stored object: where it is, its CPM headers, flags and disposition keywords, and
 * its decoded payload (CPIM text, notification, file transfer description, group state, session info).
 * Payloads that are not text are summarised (type and size); the raw object is one call away.
 */
final class ObjectView {
    static final int INLINE_BINARY_LIMIT = 64 * 1024;

    private static final CpmObjectClassifier CLASSIFIER = new CpmObjectClassifier();
    private static final SessionObjects SESSIONS = new SessionObjects();
    private static final FileTransferObjects FILE_TRANSFERS = new FileTransferObjects();

    private ObjectView() {
    }

    /**
     * The type of a stored object, as every view reports it (the objects listing, one object, search hits and the
     * search's type filter): classified from the whole object, payload included; empty when it cannot be read.
     */
    static Optional<CpmObjectType> type(byte[] raw) {
        try {
            return Optional.of(CLASSIFIER.classify(StoredObject.parse(raw)));
        } catch (CpmFormatException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Summary without the decoded payload (search hits, pages); given the whole object, as every caller does, its type is {@link #type}. */
    static Map<String, Object> summary(String folder, long uid, Date internalDate, long size, Flags flags, byte[] headerOrFull) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("folder", folder);
        view.put("uid", uid);
        view.put("internalDate", internalDate.toInstant().toString());
        view.put("size", size);
        StoredObject object;
        try {
            object = StoredObject.parse(headerOrFull);
        } catch (CpmFormatException e) {
            view.put("type", "UNREADABLE");
            view.put("error", e.getMessage());
            putFlags(view, flags);
            return view;
        }
        view.put("type", CLASSIFIER.classify(object).name());
        CpmObjectHeaders h = object.headers();
        Map<String, Object> headers = new LinkedHashMap<>();
        h.date().ifPresent(v -> headers.put("date", v));
        h.from().ifPresent(v -> headers.put("from", v));
        h.to().ifPresent(v -> headers.put("to", v));
        h.subject().ifPresent(v -> headers.put("subject", v));
        h.conversationId().ifPresent(v -> headers.put("conversationId", v));
        h.contributionId().ifPresent(v -> headers.put("contributionId", v));
        h.inReplyToContributionId().ifPresent(v -> headers.put("inReplyToContributionId", v));
        h.imdnMessageId().ifPresent(v -> headers.put("imdnMessageId", v));
        h.messageId().ifPresent(v -> headers.put("messageId", v));
        h.messageContext().ifPresent(v -> headers.put("messageContext", v));
        h.extra(CpmHeaders.EXPIRES).ifPresent(v -> headers.put("expires", v));
        h.extra(CpmHeaders.CPM_SESSION_STATE).ifPresent(v -> headers.put("sessionState", v));
        headers.put("contentType", object.contentType().mimeType());
        view.put("headers", headers);
        h.messageDirection().ifPresent(v -> view.put("direction", v.trim().toLowerCase(Locale.ROOT)));
        putFlags(view, flags);
        return view;
    }

    /** The summary plus the decoded payload. */
    static Map<String, Object> full(String folder, long uid, Date internalDate, long size, Flags flags, byte[] raw) {
        Map<String, Object> view = summary(folder, uid, internalDate, size, flags, raw);
        try {
            StoredObject object = StoredObject.parse(raw);
            view.put("payload", payload(object, CpmObjectType.valueOf((String) view.get("type"))));
        } catch (CpmFormatException | RuntimeException e) {
            view.put("payloadError", e.getMessage());
        }
        return view;
    }

    private static Map<String, Object> payload(StoredObject object, CpmObjectType type) throws CpmFormatException {
        Map<String, Object> payload = new LinkedHashMap<>();
        switch (type) {
            case CHAT_MESSAGE, DISPOSITION_NOTIFICATION, FILE_TRANSFER_HTTP, CPIM_OTHER, SMS, MMS -> {
                if (!object.contentType().is(CpmHeaders.CONTENT_TYPE_CPIM)) {
                    putContent(payload, object.contentType().mimeType(), object.contentType().parameters().get("charset"),
                        object.part().decodedBody());
                    return payload;
                }
                CpimMessage cpim = CpimMessage.parse(object.part().decodedBody());
                Map<String, Object> cpimView = new LinkedHashMap<>();
                cpim.from().ifPresent(v -> cpimView.put("from", v));
                cpimView.put("to", cpim.to());
                cpim.subject().ifPresent(v -> cpimView.put("subject", v));
                cpim.imdnMessageId().ifPresent(v -> cpimView.put("imdnMessageId", v));
                try {
                    cpim.dateTime().ifPresent(v -> cpimView.put("dateTime", v.toString()));
                    List<String> requests = new ArrayList<>();
                    for (DispositionRequest request : cpim.dispositionNotification()) {
                        requests.add(request.token());
                    }
                    cpimView.put("dispositionNotification", requests);
                } catch (CpmFormatException e) {
                    cpimView.put("headerError", e.getMessage());
                }
                payload.put("cpim", cpimView);
                String contentType = cpim.payloadContentType().mimeType();
                if (type == CpmObjectType.DISPOSITION_NOTIFICATION) {
                    ImdnNotification n = ImdnCpim.unwrap(cpim);
                    Map<String, Object> notification = new LinkedHashMap<>();
                    notification.put("messageId", n.messageId());
                    notification.put("dateTime", n.dateTime().toString());
                    notification.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
                    notification.put("status", n.status().element());
                    n.recipientUri().ifPresent(v -> notification.put("recipientUri", v));
                    payload.put("contentType", contentType);
                    payload.put("notification", notification);
                } else if (type == CpmObjectType.FILE_TRANSFER_HTTP) {
                    FtHttpInfo info = FtHttpInfo.fromCpim(cpim);
                    payload.put("contentType", contentType);
                    payload.put("file", ftHttp(info.file()));
                    info.thumbnail().ifPresent(t -> payload.put("thumbnail", ftHttp(t)));
                } else {
                    putContent(payload, contentType, cpim.payloadContentType().parameters().get("charset"),
                        decodedCpimBody(cpim));
                }
            }
            case GROUP_STATE -> {
                GroupState state = GroupState.parse(object.part().decodedBody());
                payload.put("timestamp", state.timestamp().toString());
                payload.put("lastFocusSessionId", state.lastFocusSessionId());
                payload.put("groupType", state.groupType());
                state.contributionId().ifPresent(v -> payload.put("contributionId", v));
                List<Map<String, String>> participants = new ArrayList<>();
                for (GroupState.Participant p : state.participants()) {
                    participants.add(Map.of("name", p.name(), "commAddr", p.commAddr()));
                }
                payload.put("participants", participants);
            }
            case SESSION_INFO -> {
                SessionInfo info = SESSIONS.readSessionInfo(object);
                payload.put("sessionType", info.sessionType());
                payload.put("group", info.isGroup());
                payload.put("invitedParticipants", info.invitedParticipants());
                info.sdp().ifPresent(v -> payload.put("sdp", v));
            }
            case FILE_TRANSFER_HISTORY -> {
                FileTransferHistory history = FILE_TRANSFERS.read(object).history();
                payload.put("transferType", history.transferType());
                payload.put("invitedParticipants", history.invitedParticipants());
                List<Map<String, Object>> files = new ArrayList<>();
                for (FileObject file : history.files()) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("cid", file.cid());
                    f.put("fileName", file.fileName());
                    f.put("size", file.size());
                    f.put("contentType", file.contentType());
                    file.disposition().ifPresent(v -> f.put("disposition", v));
                    file.thumbnailCid().ifPresent(v -> f.put("thumbnailCid", v));
                    files.add(f);
                }
                payload.put("files", files);
            }
            default -> payload.put("contentType", object.contentType().mimeType());
        }
        return payload;
    }

    private static byte[] decodedCpimBody(CpimMessage cpim) {
        Optional<String> encoding = cpim.payload().header(CpmHeaders.CONTENT_TRANSFER_ENCODING);
        if (encoding.isPresent() && encoding.get().trim().equalsIgnoreCase("base64")) {
            try {
                return Base64.getMimeDecoder().decode(cpim.body());
            } catch (IllegalArgumentException e) {
                return cpim.body();
            }
        }
        return cpim.body();
    }

    private static Map<String, Object> ftHttp(FtHttpFileInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("size", info.size());
        info.fileName().ifPresent(v -> view.put("fileName", v));
        view.put("contentType", info.contentType());
        view.put("url", info.url());
        view.put("until", info.until().toString());
        info.disposition().ifPresent(v -> view.put("disposition", v));
        return view;
    }

    private static void putContent(Map<String, Object> payload, String contentType, String charset, byte[] body) {
        payload.put("contentType", contentType);
        payload.put("size", body.length);
        if (contentType.toLowerCase(Locale.ROOT).startsWith("text/")) {
            payload.put("text", new String(body, charset(charset)));
        } else if (body.length <= INLINE_BINARY_LIMIT) {
            payload.put("base64", Base64.getEncoder().encodeToString(body));
        }
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name.replace("\"", "").trim());
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static void putFlags(Map<String, Object> view, Flags flags) {
        List<String> system = new ArrayList<>();
        if (flags.contains(Flags.Flag.SEEN)) {
            system.add("\\Seen");
        }
        if (flags.contains(Flags.Flag.ANSWERED)) {
            system.add("\\Answered");
        }
        if (flags.contains(Flags.Flag.FLAGGED)) {
            system.add("\\Flagged");
        }
        if (flags.contains(Flags.Flag.DELETED)) {
            system.add("\\Deleted");
        }
        if (flags.contains(Flags.Flag.DRAFT)) {
            system.add("\\Draft");
        }
        List<String> keywords = List.of(flags.getUserFlags());
        view.put("flags", system);
        view.put("keywords", keywords);
        view.put("seen", flags.contains(Flags.Flag.SEEN));
        Map<String, Object> dispositions = new LinkedHashMap<>();
        dispositions.put("delivered", hasKeyword(flags, "$delivered"));
        dispositions.put("displayed", hasKeyword(flags, "$displayed"));
        dispositions.put("deliveryFailed", hasKeyword(flags, "$delivery-failed"));
        dispositions.put("readReportSent", hasKeyword(flags, "$read-report-sent"));
        view.put("dispositions", dispositions);
        view.put("temporary", hasKeyword(flags, "$cpm-temporary"));
    }

    private static boolean hasKeyword(Flags flags, String keyword) {
        for (String flag : flags.getUserFlags()) {
            if (flag.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }
}

package org.cpmmss.james.http;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.filetransfer.FileContent;
import org.cpmmss.cpm.filetransfer.FileObject;
import org.cpmmss.cpm.filetransfer.FileTransferHistory;
import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.filetransfer.FileTransferRecord;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;

/**
 * Turns the JSON (and multipart) requests of the ingest endpoints into stored objects in the storage
 * format of docs/object-formats.md, through the CPM format library's builders. {@code Message-Direction}
 * is written from the originator's side ({@code sent}); the pipeline sets it for each owner.
 */
final class IngestObjects {
    static final String ANONYMOUS = CpmAddress.ANONYMOUS_URI;

    private static final CpmObjects OBJECTS = new CpmObjects();
    private static final SessionObjects SESSIONS = new SessionObjects();
    private static final FileTransferObjects FILE_TRANSFERS = new FileTransferObjects();

    private IngestObjects() {
    }

    /** A message's text or binary content: {@code text} or {@code base64}, and {@code contentType}. */
    record Content(String contentType, byte[] body, boolean binary) {
    }

    static Content content(JsonBody json) {
        Optional<String> text = json.optText("text");
        Optional<byte[]> base64 = json.optBase64("base64");
        if (text.isPresent() == base64.isPresent()) {
            throw ApiProblem.badRequest("Give the content as exactly one of 'text' (with an optional 'contentType', "
                + "default text/plain; charset=utf-8) or 'base64' (with 'contentType').");
        }
        if (text.isPresent()) {
            return new Content(json.optText("contentType").orElse("text/plain; charset=utf-8"),
                text.get().getBytes(StandardCharsets.UTF_8), false);
        }
        return new Content(json.text("contentType"), base64.get(), true);
    }

    static OffsetDateTime dateOrNow(JsonBody json) {
        return json.optDateTime("date").orElseGet(() -> OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    static Set<DispositionRequest> dispositions(JsonBody json) {
        Optional<List<String>> values = json.optTexts("dispositionNotification");
        if (values.isEmpty() || values.get().isEmpty()) {
            return Set.of();
        }
        try {
            return DispositionRequest.parseHeader(String.join(",", values.get()));
        } catch (CpmFormatException e) {
            throw ApiProblem.badRequest("'dispositionNotification': " + e.reason()
                + " (allowed: positive-delivery, negative-delivery, display, processing).");
        }
    }

    /** The CPIM body of a chat or standalone message. */
    static CpimMessage cpim(String from, List<String> to, String imdnMessageId, OffsetDateTime date,
                            Set<DispositionRequest> dispositions, Content content) throws CpmFormatException {
        CpimMessage.Builder cpim = CpimMessage.builder().from(from);
        for (String recipient : to) {
            cpim.to(recipient);
        }
        cpim.imdnNamespace().imdnMessageId(imdnMessageId).dateTime(date);
        if (!dispositions.isEmpty()) {
            cpim.dispositionNotification(dispositions);
        }
        if (content.binary()) {
            cpim.payload(content.contentType(), Base64.getMimeEncoder().encode(content.body()),
                new HeaderField(CpmHeaders.CONTENT_TRANSFER_ENCODING, "base64"));
        } else {
            cpim.payload(content.contentType(), content.body());
        }
        return cpim.build();
    }

    static String joined(List<String> addresses) {
        return String.join(", ", addresses);
    }

    /** Standalone message (and, with {@code extra} headers, a deferred hand-over). */
    static StoredObject standalone(JsonBody json, String from, List<String> to, Map<String, String> extra)
        throws CpmFormatException {
        OffsetDateTime date = dateOrNow(json);
        String imdnMessageId = json.text("imdnMessageId");
        CpmObjectHeaders.Builder headers = CpmObjectHeaders.builder()
            .date(date).from(from).to(joined(to))
            .subject(json.optText("subject").orElse(null))
            .conversationId(json.optText("conversationId").orElse(null))
            .contributionId(json.optText("contributionId").orElse(null))
            .inReplyToContributionId(json.optText("inReplyToContributionId").orElse(null))
            .imdnMessageId(imdnMessageId)
            .direction(Direction.SENT);
        extra.forEach(headers::extra);
        CpimMessage cpim = cpim(from, to, imdnMessageId, date, dispositions(json), content(json));
        if (json.has("conversationId")) {
            return OBJECTS.standaloneMessage(headers.build(), cpim);
        }
        if (json.has("contributionId")) {
            return OBJECTS.chatMessage(headers.build(), cpim);
        }
        throw ApiProblem.badRequest("'conversationId' is required (or 'contributionId' for a chat message).");
    }

    static CpmObjectHeaders.Builder sessionHeaders(ChatSession session, OffsetDateTime date, String from, String to) {
        return CpmObjectHeaders.builder()
            .date(date).from(from).to(to)
            .subject(session.subject().orElse(null))
            .conversationId(session.conversationId())
            .contributionId(session.contributionId())
            .inReplyToContributionId(session.inReplyToContributionId().orElse(null));
    }

    /** The session-info object that opens ({@code ended=false}) or closes a session. */
    static StoredObject sessionInfo(ChatSession session, List<String> participants, Optional<String> sdp,
                                    OffsetDateTime date, boolean ended) throws CpmFormatException {
        CpmObjectHeaders.Builder headers = sessionHeaders(session, date, session.originator(), session.peer())
            .messageId("<session-" + (ended ? "end" : "open") + "." + session.contributionId() + "@cpm-mss.invalid>")
            .direction(Direction.SENT);
        if (ended) {
            headers.extra(CpmHeaders.CPM_SESSION_STATE, CpmHeaders.SESSION_STATE_ENDED);
        }
        SessionInfo info = new SessionInfo(session.group() ? "Group" : "1-1", sdp, participants);
        return SESSIONS.sessionInfoObject(headers.build(), info);
    }

    static StoredObject chatMessage(ChatSession session, JsonBody json, String from, List<String> to) throws CpmFormatException {
        OffsetDateTime date = dateOrNow(json);
        String imdnMessageId = json.text("imdnMessageId");
        CpmObjectHeaders headers = sessionHeaders(session, date, from, joined(to))
            .imdnMessageId(imdnMessageId).direction(Direction.SENT).build();
        return OBJECTS.chatMessage(headers, cpim(from, to, imdnMessageId, date, dispositions(json), content(json)));
    }

    static StoredObject media(ChatSession session, JsonBody json, String from, List<String> to, String contentType, byte[] data)
        throws CpmFormatException {
        OffsetDateTime date = dateOrNow(json);
        String imdnMessageId = json.text("imdnMessageId");
        CpmObjectHeaders headers = sessionHeaders(session, date, from, joined(to))
            .imdnMessageId(imdnMessageId).direction(Direction.SENT).build();
        return OBJECTS.chatMessage(headers, cpim(from, to, imdnMessageId, date, dispositions(json),
            new Content(contentType, data, true)));
    }

    static StoredObject notification(ChatSession session, JsonBody json, String from, String to) throws CpmFormatException {
        OffsetDateTime date = dateOrNow(json);
        String imdnMessageId = json.text("imdnMessageId");
        NotificationKind kind = switch (json.text("kind").toLowerCase(Locale.ROOT)) {
            case "delivery" -> NotificationKind.DELIVERY;
            case "display" -> NotificationKind.DISPLAY;
            case "processing" -> NotificationKind.PROCESSING;
            default -> throw ApiProblem.badRequest("'kind' must be delivery, display or processing.");
        };
        String statusName = json.text("status").toLowerCase(Locale.ROOT);
        ImdnStatus status = null;
        for (ImdnStatus candidate : ImdnStatus.values()) {
            if (candidate.element().equals(statusName)) {
                status = candidate;
            }
        }
        if (status == null || !kind.allows(status)) {
            throw ApiProblem.badRequest("'status' " + statusName + " is not allowed for a " + kind.element()
                + " (delivery: delivered, failed, forbidden, error; display: displayed, forbidden, error; "
                + "processing: processed, stored, forbidden, error).");
        }
        ImdnNotification notification = ImdnNotification.of(json.text("messageId"),
            json.optDateTime("messageDate").orElse(date), kind, status);
        CpimMessage cpim = ImdnCpim.wrap(from, to, imdnMessageId, date, notification);
        CpmObjectHeaders headers = sessionHeaders(session, date, from, to)
            .imdnMessageId(imdnMessageId).direction(Direction.SENT).build();
        return OBJECTS.dispositionNotification(headers, cpim);
    }

    static StoredObject groupState(ChatSession session, JsonBody json, IngestService ingest) throws CpmFormatException {
        OffsetDateTime timestamp = json.optDateTime("timestamp")
            .orElseThrow(() -> ApiProblem.badRequest("group state: 'timestamp' is required."));
        List<GroupState.Participant> participants = new ArrayList<>();
        for (JsonBody participant : json.objects("participants")) {
            participants.add(new GroupState.Participant(participant.optText("name").orElse(""),
                ingest.address("participants.commAddr", participant.text("commAddr")).uri()));
        }
        if (participants.isEmpty()) {
            throw ApiProblem.badRequest("group state: 'participants' needs at least one {\"commAddr\": ...}.");
        }
        GroupState state = new GroupState(timestamp, json.text("lastFocusSessionId"),
            json.optText("groupType").orElse("Closed"), Optional.of(session.contributionId()), participants);
        OffsetDateTime date = dateOrNow(json);
        CpmObjectHeaders headers = sessionHeaders(session, date, json.optText("from").orElse(ANONYMOUS),
            json.optText("to").orElse(session.originator()))
            .imdnMessageId(json.optText("imdnMessageId").orElse(null))
            .messageId("<gso." + timestamp.toInstant().toEpochMilli() + "." + session.contributionId() + "@cpm-mss.invalid>")
            .direction(Direction.RECEIVED)
            .build();
        return OBJECTS.groupState(headers, state);
    }

    /** One file of a file transfer, as received in a multipart part. */
    record UploadedFile(String fileName, String contentType, byte[] data, Optional<String> disposition,
                        Optional<UploadedFile> thumbnail) {
    }

    static StoredObject fileTransfer(JsonBody json, String from, List<String> to, List<String> participants,
                                     List<UploadedFile> files) throws CpmFormatException {
        OffsetDateTime date = dateOrNow(json);
        List<FileObject> objects = new ArrayList<>();
        Map<String, FileContent> contents = new LinkedHashMap<>();
        int i = 0;
        for (UploadedFile file : files) {
            i++;
            String cid = "file" + i + "@cpm-mss.invalid";
            Optional<String> thumbnailCid = file.thumbnail().map(unused -> "thumb" + cidIndex(cid) + "@cpm-mss.invalid");
            objects.add(new FileObject(cid, file.fileName(), file.data().length, file.contentType(),
                Optional.of(CpmDates.formatMailDate(date)), file.disposition(), thumbnailCid));
            contents.put(cid, new FileContent(file.contentType(), file.data()));
            if (thumbnailCid.isPresent()) {
                UploadedFile thumbnail = file.thumbnail().get();
                contents.put(thumbnailCid.get(), new FileContent(thumbnail.contentType(), thumbnail.data()));
            }
        }
        FileTransferHistory history = new FileTransferHistory(json.optText("transferType").orElse("Ad-Hoc"), participants, objects);
        CpmObjectHeaders headers = CpmObjectHeaders.builder()
            .date(date).from(from).to(joined(to))
            .subject(json.optText("subject").orElse(null))
            .conversationId(json.optText("conversationId").orElse(null))
            .contributionId(json.text("contributionId"))
            .inReplyToContributionId(json.optText("inReplyToContributionId").orElse(null))
            .imdnMessageId(json.text("imdnMessageId"))
            .direction(Direction.SENT)
            .build();
        return FILE_TRANSFERS.write(headers, new FileTransferRecord(history, contents));
    }

    private static String cidIndex(String cid) {
        return cid.substring("file".length(), cid.indexOf('@'));
    }
}

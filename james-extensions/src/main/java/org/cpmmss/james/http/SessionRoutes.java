package org.cpmmss.james.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.object.StoredObject;

import spark.Request;
import spark.Service;

/**
 * Chat sessions over HTTP, kept in the {@link SessionRepository}: {@code POST /cpm/v1/sessions} opens one (storing its
 * session info object), {@code GET /cpm/v1/sessions/{contributionId}} reads its state (pf or operator token), and per
 * open session {@code POST …/messages}, {@code …/notifications}, {@code …/group-state}, {@code …/media} (multipart)
 * add its parts and {@code …/close} closes it. Writes are PF only ({@link CpmApiAccess#requirePf}); the objects are
 * built by {@link IngestObjects} and handed over by {@link IngestService}, whose answer is the reply.
 */
public class SessionRoutes implements CpmApiRouteGroup {
    private static final String SESSIONS = CpmApiRoutes.BASE + "/sessions";
    private static final String SESSION = SESSIONS + "/:contributionId";

    private final CpmApiAccess access;
    private final IngestService ingest;
    private final IngestArguments arguments;
    private final SessionRepository sessions;
    private final CpmHttpSettings settings;

    @Inject
    public SessionRoutes(CpmApiAccess access, IngestService ingest, IngestArguments arguments, SessionRepository sessions,
                         CpmHttpSettings settings) {
        this.access = access;
        this.ingest = ingest;
        this.arguments = arguments;
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.post(SESSIONS, routes.route((req, res) -> openSession(req)));
        service.get(SESSION, routes.route((req, res) -> getSession(req)));
        service.post(SESSION + "/messages", routes.route((req, res) -> sessionMessage(req)));
        service.post(SESSION + "/notifications", routes.route((req, res) -> sessionNotification(req)));
        service.post(SESSION + "/group-state", routes.route((req, res) -> sessionGroupState(req)));
        service.post(SESSION + "/media", routes.route((req, res) -> sessionMedia(req)));
        service.post(SESSION + "/close", routes.route((req, res) -> closeSession(req)));
    }

    private JsonBody jsonBody(Request request, String where) throws Exception {
        return ApiRequests.jsonBody(request, where, settings.maxObjectSize());
    }

    private CpmApiRoutes.Reply openSession(Request request) throws Exception {
        access.requirePf(request);
        JsonBody json = jsonBody(request, "session");
        String conversationId = json.text("conversationId");
        String contributionId = json.text("contributionId");
        arguments.checkIds(conversationId, contributionId);
        json.optText("inReplyToContributionId").ifPresent(id -> arguments.checkIds(conversationId, id));
        CpmAddress from = arguments.address("from", json.text("from"));
        boolean group = json.bool("group", false);
        List<String> listed = arguments.uris("participants", json.optTexts("participants").orElse(List.of()));
        Optional<String> to = json.optText("to").map(value -> arguments.address("to", value).uri());
        if (!group && to.isEmpty() && listed.size() != 1) {
            throw ApiProblem.badRequest("session: a 1-1 session needs 'to' (the peer) or exactly one participant.");
        }
        String peer = to.orElseGet(() -> group || listed.isEmpty() ? IngestObjects.ANONYMOUS : listed.get(0));
        List<String> participants = listed.isEmpty() && !group ? List.of(peer) : listed;
        Optional<ChatSession> existing = sessions.find(contributionId);
        if (existing.isPresent() && existing.get().isClosed()) {
            throw ApiProblem.conflict("Session " + contributionId + " was closed; open a new session with a new Contribution-ID.");
        }
        List<CpmAddress> defaults = new ArrayList<>();
        defaults.add(from);
        defaults.addAll(arguments.addresses("participants", participants));
        if (!peer.equals(IngestObjects.ANONYMOUS)) {
            defaults.add(arguments.address("to", peer));
        }
        ChatSession session = existing.orElseGet(() -> new ChatSession(contributionId, conversationId,
            json.optText("inReplyToContributionId"), from.uri(), peer, group, json.optText("subject"),
            ingest.owners(json.optTexts("owners"), defaults), ChatSession.State.OPEN, Instant.now(), Optional.empty()));
        StoredObject object = IngestObjects.sessionInfo(session, participants, json.optText("sdp"),
            IngestObjects.dateOrNow(json), false);
        IngestService.Result result = ingest.submit(object, session.owners(), "session-open");
        sessions.open(session);
        return CpmApiRoutes.Reply.json(result.status(), withSession(result, session));
    }

    private static Map<String, Object> withSession(IngestService.Result result, ChatSession session) {
        Map<String, Object> body = new LinkedHashMap<>(result.body());
        body.put("session", sessionView(session));
        return body;
    }

    private static Map<String, Object> sessionView(ChatSession session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("contributionId", session.contributionId());
        view.put("conversationId", session.conversationId());
        session.inReplyToContributionId().ifPresent(v -> view.put("inReplyToContributionId", v));
        view.put("originator", session.originator());
        view.put("peer", session.peer());
        view.put("group", session.group());
        session.subject().ifPresent(v -> view.put("subject", v));
        view.put("owners", session.owners());
        view.put("state", session.state().name().toLowerCase(Locale.ROOT));
        view.put("openedAt", session.openedAt().toString());
        session.closedAt().ifPresent(v -> view.put("closedAt", v.toString()));
        return view;
    }

    private ChatSession session(Request request, boolean mustBeOpen) {
        String contributionId = request.params(":contributionId");
        ChatSession session = sessions.find(contributionId)
            .orElseThrow(() -> ApiProblem.notFound("No session with Contribution-ID " + contributionId
                + " was opened over HTTP; open it first with POST " + SESSIONS + "."));
        if (mustBeOpen && session.isClosed()) {
            throw ApiProblem.conflict("Session " + contributionId + " is closed; nothing more can be added to it.");
        }
        return session;
    }

    private CpmApiRoutes.Reply getSession(Request request) {
        Caller caller = access.caller(request);
        if (!caller.isPf() && !caller.isOperator()) {
            throw ApiProblem.forbidden("Session state is readable with a pf or operator token only.");
        }
        return CpmApiRoutes.Reply.json(200, sessionView(session(request, false)));
    }

    private List<String> sessionOwners(JsonBody json, ChatSession session) {
        if (json.has("owners")) {
            return ingest.owners(json.optTexts("owners"), List.of());
        }
        return session.owners();
    }

    /** The default recipient of a session part: the peer when the originator sends, else the originator. */
    private static String defaultTo(ChatSession session, String from) {
        return from.equals(session.originator()) ? session.peer() : session.originator();
    }

    private CpmApiRoutes.Reply submitted(StoredObject object, List<String> owners, String kind) throws Exception {
        IngestService.Result result = ingest.submit(object, owners, kind);
        return CpmApiRoutes.Reply.json(result.status(), result.body());
    }

    private CpmApiRoutes.Reply sessionMessage(Request request) throws Exception {
        access.requirePf(request);
        JsonBody json = jsonBody(request, "chat message");
        ChatSession session = session(request, true);
        String from = arguments.address("from", json.text("from")).uri();
        List<String> to = json.optTexts("to").map(list -> arguments.uris("to", list)).orElse(List.of(defaultTo(session, from)));
        return submitted(IngestObjects.chatMessage(session, json, from, to), sessionOwners(json, session), "chat-message");
    }

    private CpmApiRoutes.Reply sessionNotification(Request request) throws Exception {
        access.requirePf(request);
        JsonBody json = jsonBody(request, "disposition notification");
        ChatSession session = session(request, true);
        String from = arguments.address("from", json.text("from")).uri();
        String to = json.optText("to").map(value -> arguments.address("to", value).uri()).orElse(defaultTo(session, from));
        return submitted(IngestObjects.notification(session, json, from, to), sessionOwners(json, session), "notification");
    }

    private CpmApiRoutes.Reply sessionGroupState(Request request) throws Exception {
        access.requirePf(request);
        JsonBody json = jsonBody(request, "group state");
        ChatSession session = session(request, true);
        return submitted(IngestObjects.groupState(session, json, ingest), sessionOwners(json, session), "group-state");
    }

    private CpmApiRoutes.Reply sessionMedia(Request request) throws Exception {
        access.requirePf(request);
        ChatSession session = session(request, true);
        MultipartForm form = MultipartForm.read(request, settings);
        JsonBody json = form.metadata("media");
        MultipartForm.Upload file = form.part("file")
            .orElseThrow(() -> ApiProblem.badRequest("media: the multipart body needs a 'file' part."));
        String from = arguments.address("from", json.text("from")).uri();
        List<String> to = json.optTexts("to").map(list -> arguments.uris("to", list)).orElse(List.of(defaultTo(session, from)));
        StoredObject object = IngestObjects.media(session, json, from, to, file.type(json.optText("contentType")), file.data());
        return submitted(object, sessionOwners(json, session), "media");
    }

    private CpmApiRoutes.Reply closeSession(Request request) throws Exception {
        access.requirePf(request);
        ChatSession session = session(request, false);
        JsonBody json = request.raw().getContentLengthLong() > 0 || request.contentType() != null
            ? jsonBody(request, "session close")
            : JsonBody.parse("{}".getBytes(StandardCharsets.UTF_8), "session close");
        OffsetDateTime date = IngestObjects.dateOrNow(json);
        StoredObject object = IngestObjects.sessionInfo(session, List.of(), Optional.empty(), date, true);
        IngestService.Result result = ingest.submit(object, session.owners(), "session-close");
        sessions.close(session.contributionId(), Instant.now());
        return CpmApiRoutes.Reply.json(result.status(), withSession(result, sessions.find(session.contributionId()).orElse(session)));
    }
}

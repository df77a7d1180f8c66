package org.cpmmss.james.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.PublicRoutes;
import org.cpmmss.james.security.RequestRateLimiter;
import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.folder.FolderNamer;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * The cpm API, {@code /cpm/v1} on the WebAdmin port. It is a {@link PublicRoutes} so that James's own
 * WebAdmin authentication (JWT when enabled) does not apply: every call here authenticates itself with
 * {@link HttpAuthenticator} (bearer token with a role, or the user's own password). Errors are RFC 7807
 * problem documents. See docs/http-api.md and docs/openapi.yaml.
 */
public class CpmApiRoutes implements PublicRoutes {
    public static final String BASE = "/cpm/v1";
    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM = "application/problem+json; charset=utf-8";
    private static final Logger LOGGER = LoggerFactory.getLogger(CpmApiRoutes.class);

    private final HttpAuthenticator authenticator;
    private final PreferencesService preferences;
    private final HistoryService history;
    private final IngestService ingest;
    private final SessionRepository sessions;
    private final CpmHttpSettings settings;
    private final PathUsers pathUsers;
    private final RequestRateLimiter ingestRate;
    private Set<CpmApiRouteGroup> routeGroups = Set.of();

    @Inject
    public CpmApiRoutes(HttpAuthenticator authenticator, PreferencesService preferences, HistoryService history,
                        IngestService ingest, SessionRepository sessions, CpmHttpSettings settings,
                        UsersRepository usersRepository) {
        this.authenticator = authenticator;
        this.preferences = preferences;
        this.history = history;
        this.ingest = ingest;
        this.sessions = sessions;
        this.settings = settings;
        this.pathUsers = new PathUsers(usersRepository);
        this.ingestRate = new RequestRateLimiter(settings.ingestRatePerPf(), Clock.systemUTC());
    }

    /** Route groups of their own classes (e.g. the deferred queue), defined before the catch-all. */
    @Inject
    public void setRouteGroups(Set<CpmApiRouteGroup> groups) {
        this.routeGroups = Set.copyOf(groups);
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    /** A handler's answer: status and a JSON-serialisable body (or bytes with their own content type). */
    record Reply(int status, Object body, String contentType) {
        static Reply json(int status, Object body) {
            return new Reply(status, body, JSON);
        }
    }

    @FunctionalInterface
    interface Handler {
        Reply handle(Request request, Response response) throws Exception;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/openapi.yaml", route((req, res) -> openApi()));
        service.get(BASE + "/openapi", route((req, res) -> openApi()));
        service.get(BASE + "/whoami", route((req, res) -> whoAmI(req)));
        service.get(BASE + "/policy", route((req, res) -> policy(req)));

        service.get(BASE + "/users/:user/preferences", route((req, res) -> getPreferences(req)));
        service.put(BASE + "/users/:user/preferences", route((req, res) -> putPreferences(req)));
        service.get(BASE + "/users/:user/conversations", route((req, res) -> conversations(req)));
        service.get(BASE + "/users/:user/objects", route((req, res) -> objects(req)));
        service.get(BASE + "/users/:user/objects/:uid", route((req, res) -> object(req, false)));
        service.get(BASE + "/users/:user/objects/:uid/raw", route((req, res) -> object(req, true)));
        service.get(BASE + "/users/:user/search", route((req, res) -> search(req)));

        service.post(BASE + "/standalone-messages", route((req, res) -> standalone(req, false)));
        service.post(BASE + "/deferred-messages", route((req, res) -> standalone(req, true)));
        service.post(BASE + "/sessions", route((req, res) -> openSession(req)));
        service.get(BASE + "/sessions/:contributionId", route((req, res) -> getSession(req)));
        service.post(BASE + "/sessions/:contributionId/messages", route((req, res) -> sessionMessage(req)));
        service.post(BASE + "/sessions/:contributionId/notifications", route((req, res) -> sessionNotification(req)));
        service.post(BASE + "/sessions/:contributionId/group-state", route((req, res) -> sessionGroupState(req)));
        service.post(BASE + "/sessions/:contributionId/media", route((req, res) -> sessionMedia(req)));
        service.post(BASE + "/sessions/:contributionId/close", route((req, res) -> closeSession(req)));
        service.post(BASE + "/file-transfers", route((req, res) -> fileTransfer(req)));

        routeGroups.forEach(group -> group.define(service, this::route));

        Route unknown = route((req, res) -> {
            authenticator.authenticate(req);
            throw ApiProblem.notFound(req.requestMethod() + " " + req.pathInfo() + " is not part of the cpm API; "
                + "see GET " + BASE + "/openapi.yaml.");
        });
        for (String path : List.of(BASE, BASE + "/*")) {
            service.get(path, unknown);
            service.post(path, unknown);
            service.put(path, unknown);
            service.delete(path, unknown);
            service.patch(path, unknown);
        }
    }

    // ---- plumbing --------------------------------------------------------------------------------------

    private Route route(Handler handler) {
        return (request, response) -> {
            try {
                Reply reply = handler.handle(request, response);
                response.status(reply.status());
                response.type(reply.contentType());
                if (reply.body() instanceof byte[] bytes) {
                    return bytes;
                }
                return JsonBody.MAPPER.writeValueAsString(reply.body());
            } catch (ApiProblem problem) {
                return problem(request, response, problem);
            } catch (CpmFormatException e) {
                return problem(request, response, ApiProblem.badRequest(e.reason()));
            } catch (Exception e) {
                LOGGER.error("cpm API: {} {} failed", request.requestMethod(), request.pathInfo(), e);
                return problem(request, response, ApiProblem.serverError(
                    "The server failed on this request (" + e.getClass().getSimpleName() + "); see the server log."));
            }
        };
    }

    private static String problem(Request request, Response response, ApiProblem problem) throws JsonProcessingException {
        response.status(problem.status());
        response.type(PROBLEM);
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", HttpAuthenticator.CHALLENGE);
        }
        problem.extension("retryAfter").ifPresent(seconds -> response.header("Retry-After", String.valueOf(seconds)));
        return JsonBody.MAPPER.writeValueAsString(problem.body(request.pathInfo()));
    }

    private Caller requirePf(Request request) {
        Caller caller = authenticator.authenticate(request);
        if (!caller.isPf()) {
            throw ApiProblem.forbidden("Ingest needs a bearer token with role pf; you are authenticated as " + caller.describe() + ".");
        }
        // per PF: the bearer token names the PF (kept in memory only, as the tokens themselves)
        Optional<Duration> wait = ingestRate.acquire(String.valueOf(request.headers("Authorization")));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw ApiProblem.tooManyRequests("This PF sends more than " + settings.ingestRatePerPf()
                + " requests a second (" + CpmHttpSettings.INGEST_RATE_KEY + "); retry after " + seconds + " s.", seconds);
        }
        return caller;
    }

    /** The user of the path, readable by an operator token or by that user. */
    private Username requireUserResource(Request request) {
        Caller caller = authenticator.authenticate(request);
        Username user = PathUsers.of(request);
        if (caller.isOperator()) {
            return pathUsers.existing(user);
        }
        if (caller.isUser(user)) {
            return user;
        }
        if (caller.isPf()) {
            throw ApiProblem.forbidden("A pf token can only ingest; reading " + user.asString() + "'s resources needs "
                + "an operator token or that user's own credentials.");
        }
        throw ApiProblem.forbidden("You are " + caller.describe() + " and can only reach your own resources, not "
            + user.asString() + "'s.");
    }

    private static void requireJson(Request request) {
        String type = request.contentType();
        String media = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw ApiProblem.unsupportedMediaType("Send this request as Content-Type: application/json"
                + (type == null ? "" : ", not " + type) + ".");
        }
    }

    private static void requireMultipart(Request request) {
        String type = request.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiProblem.unsupportedMediaType("Send this request as Content-Type: multipart/form-data with a "
                + "'metadata' JSON part and the file parts" + (type == null ? "" : ", not " + type) + ".");
        }
    }

    /** The body, refused with 413 beyond the limit (by Content-Length before reading, else while reading). */
    private static byte[] body(Request request, long limit) throws IOException {
        long declared = request.raw().getContentLengthLong();
        if (declared > limit) {
            throw ApiProblem.tooLarge("The body is " + declared + " bytes; this server accepts at most " + limit
                + " bytes here (cpm.limits.max-object-size).");
        }
        try (InputStream in = request.raw().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw ApiProblem.tooLarge("The body is larger than " + limit + " bytes (cpm.limits.max-object-size).");
            }
            return bytes;
        }
    }

    private JsonBody jsonBody(Request request, String where) throws IOException {
        requireJson(request);
        return JsonBody.parse(body(request, settings.maxObjectSize()), where);
    }

    private static int intParam(Request request, String name, int fallback, int min, int max) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw ApiProblem.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max + ".");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("Query parameter '" + name + "' must be a number, not '" + value + "'.");
        }
    }

    private static String requiredParam(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("Query parameter '" + name + "' is required.");
        }
        return value;
    }

    private static Optional<Instant> instantParam(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("Query parameter '" + name + "' must be an RFC 3339 date-time such as "
                + "2024-05-01T00:00:00Z, not '" + value + "'.");
        }
    }

    // ---- documents and views -----------------------------------------------------------------------------

    private Reply openApi() throws IOException {
        try (InputStream in = CpmApiRoutes.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw ApiProblem.notFound("The OpenAPI document is not packaged in this build.");
            }
            return new Reply(200, in.readAllBytes(), "application/yaml; charset=utf-8");
        }
    }

    private Reply whoAmI(Request request) {
        Caller caller = authenticator.authenticate(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", caller.kind().name().toLowerCase(Locale.ROOT));
        caller.user().ifPresent(user -> body.put("user", user.asString()));
        return Reply.json(200, body);
    }

    private Reply policy(Request request) {
        Caller caller = authenticator.authenticate(request);
        if (!caller.isOperator()) {
            throw ApiProblem.forbidden("Operator policy is readable with an operator token only.");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (PreferencesService.Preference preference : PreferencesService.PREFERENCES) {
            defaults.put(preference.name(), preferences.operatorDefault(preference));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", new java.util.TreeMap<>(settings.policy()));
        body.put("preferenceDefaults", defaults);
        body.put("httpTokensConfigured", settings.hasTokens());
        return Reply.json(200, body);
    }

    private Reply getPreferences(Request request) throws Exception {
        Username user = requireUserResource(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.asString());
        body.put("preferences", preferences.read(user));
        return Reply.json(200, body);
    }

    private Reply putPreferences(Request request) throws Exception {
        Username user = requireUserResource(request);
        JsonBody json = jsonBody(request, "preferences");
        Map<String, Object> changes = new LinkedHashMap<>();
        json.node().fields().forEachRemaining(field -> changes.put(field.getKey(),
            field.getValue().isNull() ? null : field.getValue().isTextual() ? field.getValue().asText() : field.getValue()));
        preferences.update(user, changes);
        return getPreferences(request);
    }

    private Reply conversations(Request request) throws Exception {
        Username user = requireUserResource(request);
        return Reply.json(200, history.conversations(user, intParam(request, "offset", 0, 0, Integer.MAX_VALUE),
            intParam(request, "limit", 100, 1, HistoryService.MAX_PAGE)));
    }

    private Reply objects(Request request) throws Exception {
        Username user = requireUserResource(request);
        String folder = requiredParam(request, "folder");
        long after = intParam(request, "after", 0, 0, Integer.MAX_VALUE);
        return Reply.json(200, history.objects(user, folder, after, intParam(request, "limit", 50, 1, HistoryService.MAX_PAGE)));
    }

    private Reply object(Request request, boolean raw) throws Exception {
        Username user = requireUserResource(request);
        String folder = requiredParam(request, "folder");
        long uid;
        try {
            uid = Long.parseLong(request.params(":uid"));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("The object UID must be a number, not '" + request.params(":uid") + "'.");
        }
        if (uid < 1) {
            throw ApiProblem.badRequest("The object UID must be at least 1.");
        }
        Object result = history.object(user, folder, uid, raw);
        return raw ? new Reply(200, result, "message/rfc822") : Reply.json(200, result);
    }

    private Reply search(Request request) throws Exception {
        Username user = requireUserResource(request);
        HistoryService.SearchFilter filter = new HistoryService.SearchFilter(
            Optional.ofNullable(request.queryParams("q")).filter(s -> !s.isBlank()),
            Optional.ofNullable(request.queryParams("folder")).filter(s -> !s.isBlank()),
            Optional.ofNullable(request.queryParams("participant")).filter(s -> !s.isBlank()),
            instantParam(request, "since"),
            instantParam(request, "until"),
            Optional.ofNullable(request.queryParams("type")).filter(s -> !s.isBlank()).map(HistoryService::parseType));
        return Reply.json(200, history.search(user, filter, intParam(request, "offset", 0, 0, 100_000),
            intParam(request, "limit", 50, 1, HistoryService.MAX_PAGE)));
    }

    // ---- ingest ----------------------------------------------------------------------------------------

    private FolderNamer folderNamer() {
        return new FolderNamer(settings.folderLayout(), settings.folderRoot());
    }

    /** Early check that ids can name folders, so that an unsafe id is a 400 before anything runs. */
    private void checkIds(String conversationId, String contributionId) {
        try {
            folderNamer().sessionFolder(conversationId == null ? "conversation" : conversationId,
                contributionId == null ? "contribution" : contributionId);
        } catch (CpmFormatException e) {
            throw ApiProblem.badRequest("An id cannot name a folder: " + e.reason());
        }
    }

    private List<String> uris(String member, List<String> raw) {
        List<String> result = new ArrayList<>();
        for (String value : raw) {
            result.add(ingest.address(member, value).uri());
        }
        return result;
    }

    private List<CpmAddress> addresses(String member, List<String> raw) {
        List<CpmAddress> result = new ArrayList<>();
        for (String value : raw) {
            result.add(ingest.address(member, value));
        }
        return result;
    }

    private Reply standalone(Request request, boolean deferred) throws Exception {
        requirePf(request);
        JsonBody json = jsonBody(request, deferred ? "deferred message" : "standalone message");
        CpmAddress from = ingest.address("from", json.text("from"));
        List<CpmAddress> to = addresses("to", json.texts("to"));
        checkIds(json.optText("conversationId").orElse(null), json.optText("contributionId").orElse(null));
        Map<String, String> extra = new LinkedHashMap<>();
        if (deferred) {
            extra.put(CpmHeaders.CPM_DELIVERY, CpmHeaders.DELIVERY_DEFERRED_HANDOVER);
            json.optDateTime("expires").ifPresent(expires -> extra.put(CpmHeaders.EXPIRES, CpmDates.formatMailDate(expires)));
        }
        List<CpmAddress> defaults = new ArrayList<>();
        if (!deferred) {
            defaults.add(from);
        }
        defaults.addAll(to);
        StoredObject object = IngestObjects.standalone(json, from.uri(), to.stream().map(CpmAddress::uri).toList(), extra);
        List<String> owners = ingest.owners(json.optTexts("owners"), defaults);
        IngestService.Result result = ingest.submit(object, owners, deferred ? "deferred" : "standalone");
        return Reply.json(result.status(), result.body());
    }

    private Reply openSession(Request request) throws Exception {
        requirePf(request);
        JsonBody json = jsonBody(request, "session");
        String conversationId = json.text("conversationId");
        String contributionId = json.text("contributionId");
        checkIds(conversationId, contributionId);
        json.optText("inReplyToContributionId").ifPresent(id -> checkIds(conversationId, id));
        CpmAddress from = ingest.address("from", json.text("from"));
        boolean group = json.bool("group", false);
        List<String> listed = uris("participants", json.optTexts("participants").orElse(List.of()));
        Optional<String> to = json.optText("to").map(value -> ingest.address("to", value).uri());
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
        defaults.addAll(addresses("participants", participants));
        if (!peer.equals(IngestObjects.ANONYMOUS)) {
            defaults.add(ingest.address("to", peer));
        }
        ChatSession session = existing.orElseGet(() -> new ChatSession(contributionId, conversationId,
            json.optText("inReplyToContributionId"), from.uri(), peer, group, json.optText("subject"),
            ingest.owners(json.optTexts("owners"), defaults), ChatSession.State.OPEN, Instant.now(), Optional.empty()));
        StoredObject object = IngestObjects.sessionInfo(session, participants, json.optText("sdp"),
            IngestObjects.dateOrNow(json), false);
        IngestService.Result result = ingest.submit(object, session.owners(), "session-open");
        sessions.open(session);
        return Reply.json(result.status(), withSession(result, session));
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
                + " was opened over HTTP; open it first with POST " + BASE + "/sessions."));
        if (mustBeOpen && session.isClosed()) {
            throw ApiProblem.conflict("Session " + contributionId + " is closed; nothing more can be added to it.");
        }
        return session;
    }

    private Reply getSession(Request request) {
        Caller caller = authenticator.authenticate(request);
        if (!caller.isPf() && !caller.isOperator()) {
            throw ApiProblem.forbidden("Session state is readable with a pf or operator token only.");
        }
        return Reply.json(200, sessionView(session(request, false)));
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

    private Reply sessionMessage(Request request) throws Exception {
        requirePf(request);
        JsonBody json = jsonBody(request, "chat message");
        ChatSession session = session(request, true);
        String from = ingest.address("from", json.text("from")).uri();
        List<String> to = json.optTexts("to").map(list -> uris("to", list)).orElse(List.of(defaultTo(session, from)));
        StoredObject object = IngestObjects.chatMessage(session, json, from, to);
        IngestService.Result result = ingest.submit(object, sessionOwners(json, session), "chat-message");
        return Reply.json(result.status(), result.body());
    }

    private Reply sessionNotification(Request request) throws Exception {
        requirePf(request);
        JsonBody json = jsonBody(request, "disposition notification");
        ChatSession session = session(request, true);
        String from = ingest.address("from", json.text("from")).uri();
        String to = json.optText("to").map(value -> ingest.address("to", value).uri()).orElse(defaultTo(session, from));
        StoredObject object = IngestObjects.notification(session, json, from, to);
        IngestService.Result result = ingest.submit(object, sessionOwners(json, session), "notification");
        return Reply.json(result.status(), result.body());
    }

    private Reply sessionGroupState(Request request) throws Exception {
        requirePf(request);
        JsonBody json = jsonBody(request, "group state");
        ChatSession session = session(request, true);
        StoredObject object = IngestObjects.groupState(session, json, ingest);
        IngestService.Result result = ingest.submit(object, sessionOwners(json, session), "group-state");
        return Reply.json(result.status(), result.body());
    }

    private Reply closeSession(Request request) throws Exception {
        requirePf(request);
        ChatSession session = session(request, false);
        JsonBody json = request.raw().getContentLengthLong() > 0 || request.contentType() != null
            ? jsonBody(request, "session close")
            : JsonBody.parse("{}".getBytes(StandardCharsets.UTF_8), "session close");
        OffsetDateTime date = IngestObjects.dateOrNow(json);
        StoredObject object = IngestObjects.sessionInfo(session, List.of(), Optional.empty(), date, true);
        IngestService.Result result = ingest.submit(object, session.owners(), "session-close");
        sessions.close(session.contributionId(), Instant.now());
        return Reply.json(result.status(), withSession(result, sessions.find(session.contributionId()).orElse(session)));
    }

    // ---- multipart -------------------------------------------------------------------------------------

    /** One part of a multipart/form-data body. */
    record Upload(String name, String fileName, String contentType, byte[] data) {
    }

    /**
     * The parts of a multipart/form-data body. James's WebAdmin logging filter has already read the body
     * through Spark, so the parts are parsed from Spark's copy with javax.mail's multipart parser.
     */
    private List<Upload> parts(Request request) throws IOException {
        requireMultipart(request);
        long maxRequest = settings.maxFileSize() + settings.maxObjectSize();
        long declared = request.raw().getContentLengthLong();
        if (declared > maxRequest) {
            throw ApiProblem.tooLarge("The request is " + declared + " bytes; at most " + maxRequest
                + " bytes are accepted (cpm.limits.max-file-size + cpm.limits.max-object-size).");
        }
        byte[] body = request.bodyAsBytes();
        if (body == null || body.length > maxRequest) {
            throw ApiProblem.tooLarge("The request is larger than " + maxRequest + " bytes.");
        }
        List<Upload> uploads = new ArrayList<>();
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, request.contentType()));
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String[] disposition = part.getHeader("Content-Disposition");
                if (disposition == null || disposition.length == 0) {
                    throw ApiProblem.badRequest("Every multipart part needs a Content-Disposition: form-data; name=\"...\".");
                }
                ContentDisposition parsed = new ContentDisposition(disposition[0]);
                String name = parsed.getParameter("name");
                if (name == null || name.isBlank()) {
                    throw ApiProblem.badRequest("Every multipart part needs a name (Content-Disposition: form-data; name=\"...\").");
                }
                byte[] data;
                try (InputStream in = part.getInputStream()) {
                    data = in.readAllBytes();
                }
                if (data.length > settings.maxFileSize()) {
                    throw ApiProblem.tooLarge("Part '" + name + "' is " + data.length + " bytes; a file may be at most "
                        + settings.maxFileSize() + " bytes (cpm.limits.max-file-size).");
                }
                String type = part.getContentType();
                uploads.add(new Upload(name, parsed.getParameter("filename"),
                    type == null || type.isBlank() ? "application/octet-stream" : type, data));
            }
        } catch (MessagingException e) {
            throw ApiProblem.badRequest("The multipart body could not be read: " + e.getMessage());
        }
        return uploads;
    }

    private JsonBody metadata(List<Upload> parts, String where) {
        Upload metadata = part(parts, "metadata")
            .orElseThrow(() -> ApiProblem.badRequest(where + ": the multipart body needs a 'metadata' part holding a JSON object."));
        if (metadata.data().length > settings.maxObjectSize()) {
            throw ApiProblem.tooLarge(where + ": the metadata part is too large.");
        }
        return JsonBody.parse(metadata.data(), where);
    }

    private static String partType(Upload part, Optional<String> override) {
        return override.orElse(part.contentType());
    }

    private static Optional<Upload> part(List<Upload> parts, String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private Reply sessionMedia(Request request) throws Exception {
        requirePf(request);
        ChatSession session = session(request, true);
        List<Upload> parts = parts(request);
        JsonBody json = metadata(parts, "media");
        Upload file = part(parts, "file").orElseThrow(() -> ApiProblem.badRequest("media: the multipart body needs a 'file' part."));
        String from = ingest.address("from", json.text("from")).uri();
        List<String> to = json.optTexts("to").map(list -> uris("to", list)).orElse(List.of(defaultTo(session, from)));
        StoredObject object = IngestObjects.media(session, json, from, to, partType(file, json.optText("contentType")), file.data());
        IngestService.Result result = ingest.submit(object, sessionOwners(json, session), "media");
        return Reply.json(result.status(), result.body());
    }

    private Reply fileTransfer(Request request) throws Exception {
        requirePf(request);
        List<Upload> parts = parts(request);
        JsonBody json = metadata(parts, "file transfer");
        CpmAddress from = ingest.address("from", json.text("from"));
        List<CpmAddress> to = addresses("to", json.texts("to"));
        checkIds(json.optText("conversationId").orElse(null), json.text("contributionId"));
        List<IngestObjects.UploadedFile> files = new ArrayList<>();
        List<JsonBody> described = json.objects("files");
        if (described.isEmpty()) {
            Optional<Upload> thumbnail = part(parts, "thumbnail");
            for (Upload part : parts) {
                if (part.name().equals("file")) {
                    Optional<IngestObjects.UploadedFile> thumb = files.isEmpty() && thumbnail.isPresent()
                        ? Optional.of(new IngestObjects.UploadedFile("thumbnail", partType(thumbnail.get(), Optional.empty()),
                            thumbnail.get().data(), Optional.empty(), Optional.empty()))
                        : Optional.empty();
                    files.add(new IngestObjects.UploadedFile(fileName(part), partType(part, Optional.empty()), part.data(),
                        Optional.empty(), thumb));
                }
            }
        } else {
            for (JsonBody description : described) {
                String name = description.text("part");
                Upload part = part(parts, name).orElseThrow(() -> ApiProblem.badRequest("file transfer: no multipart part named '" + name + "'."));
                Optional<IngestObjects.UploadedFile> thumb = description.optText("thumbnailPart").map(thumbName -> {
                    Upload thumbPart = part(parts, thumbName).orElseThrow(() ->
                        ApiProblem.badRequest("file transfer: no multipart part named '" + thumbName + "'."));
                    return new IngestObjects.UploadedFile("thumbnail", partType(thumbPart, Optional.empty()), thumbPart.data(),
                        Optional.empty(), Optional.empty());
                });
                files.add(new IngestObjects.UploadedFile(description.optText("fileName").orElse(fileName(part)),
                    partType(part, description.optText("contentType")), part.data(), description.optText("disposition"), thumb));
            }
        }
        if (files.isEmpty()) {
            throw ApiProblem.badRequest("file transfer: send at least one part named 'file' (or describe the parts in 'files').");
        }
        List<String> participants = json.optTexts("participants").map(list -> uris("participants", list))
            .orElse(to.stream().map(CpmAddress::uri).toList());
        List<CpmAddress> defaults = new ArrayList<>();
        defaults.add(from);
        defaults.addAll(to);
        StoredObject object = IngestObjects.fileTransfer(json, from.uri(), to.stream().map(CpmAddress::uri).toList(),
            participants, files);
        List<String> owners = ingest.owners(json.optTexts("owners"), defaults);
        IngestService.Result result = ingest.submit(object, owners, "file-transfer");
        return Reply.json(result.status(), result.body());
    }

    private static String fileName(Upload part) {
        String name = part.fileName();
        return name == null || name.isBlank() ? part.name() : name;
    }
}

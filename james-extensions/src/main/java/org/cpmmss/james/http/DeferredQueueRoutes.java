package org.cpmmss.james.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.james.deferred.queue.DeferredSettings;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.deferred.queue.DeferredRelease;
import org.cpmmss.james.outbound.SmtpRelay;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Service;

/**
 * A user's deferred queue over HTTP (options 1 and 2 of 5.2.5; docs/http-api.md, docs/deferred.md):
 * {@code GET /cpm/v1/users/{user}/deferred} lists it, and per message {@code POST …/deferred/{id}/retrieve} (returns
 * the object and removes it), {@code …/discard} (or {@code DELETE …/deferred/{id}}), {@code …/deliver} (handed over
 * to the store as a temporary object), {@code …/keep} (state kept: no longer pushed) and {@code …/interwork}
 * (re-submitted to {@code cpm.deferred.interworking-relay}, removed once the relay accepted it; 502 and kept when it
 * did not). Callers: a pf token, or the user with their own password (Basic); anyone else 403.
 */
public class DeferredQueueRoutes implements CpmApiRouteGroup {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeferredQueueRoutes.class);
    static final String PATH = CpmApiRoutes.BASE + "/users/:user/deferred";

    private final HttpAuthenticator authenticator;
    private final PathUsers pathUsers;
    private final DeferredQueue queue;
    private final DeferredRelease release;
    private final DeferredSettings settings;

    @Inject
    public DeferredQueueRoutes(HttpAuthenticator authenticator, UsersRepository usersRepository, DeferredQueue queue,
                               DeferredRelease release, DeferredSettings settings) {
        this.authenticator = authenticator;
        this.pathUsers = new PathUsers(usersRepository);
        this.queue = queue;
        this.release = release;
        this.settings = settings;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.get(PATH, routes.route((req, res) -> list(req)));
        service.get(PATH + "/:id", routes.route((req, res) -> CpmApiRoutes.Reply.json(200, view(entry(req)))));
        service.post(PATH + "/:id/retrieve", routes.route((req, res) -> retrieve(req)));
        service.post(PATH + "/:id/discard", routes.route((req, res) -> discard(req)));
        service.delete(PATH + "/:id", routes.route((req, res) -> discard(req)));
        service.post(PATH + "/:id/deliver", routes.route((req, res) -> deliver(req)));
        service.post(PATH + "/:id/keep", routes.route((req, res) -> keep(req)));
        service.post(PATH + "/:id/interwork", routes.route((req, res) -> interwork(req)));
    }

    private CpmApiRoutes.Reply list(Request request) {
        Username user = requireQueueOwner(request);
        List<Map<String, Object>> entries = queue.list(user.asString()).stream().map(DeferredQueueRoutes::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.asString());
        body.put("entries", entries);
        return CpmApiRoutes.Reply.json(200, body);
    }

    private CpmApiRoutes.Reply retrieve(Request request) {
        DeferredQueue.Entry entry = entry(request);
        if (!queue.remove(entry.id())) {
            throw gone(entry);
        }
        return new CpmApiRoutes.Reply(200, entry.object(), "message/rfc822");
    }

    private CpmApiRoutes.Reply discard(Request request) {
        DeferredQueue.Entry entry = entry(request);
        if (!queue.remove(entry.id())) {
            throw gone(entry);
        }
        return CpmApiRoutes.Reply.json(200, action(entry, "discarded"));
    }

    private CpmApiRoutes.Reply keep(Request request) {
        DeferredQueue.Entry entry = entry(request);
        if (!queue.setState(entry.id(), DeferredQueue.State.KEPT)) {
            throw gone(entry);
        }
        return CpmApiRoutes.Reply.json(200, view(queue.get(entry.id()).orElseThrow(() -> gone(entry))));
    }

    private CpmApiRoutes.Reply deliver(Request request) throws Exception {
        DeferredQueue.Entry entry = entry(request);
        OwnerVerdict verdict;
        try {
            verdict = release.release(entry);
        } catch (javax.mail.MessagingException e) {
            LOGGER.warn("hand-over of deferred entry {} failed", entry.id(), e);
            throw ApiProblem.unavailable("The hand-over to the store failed; the message stays queued, retry.");
        }
        Map<String, Object> body = HttpVerdictAnswers.release(verdict, action(entry, "delivered"));
        queue.remove(entry.id());
        return CpmApiRoutes.Reply.json(200, body);
    }

    private CpmApiRoutes.Reply interwork(Request request) {
        DeferredQueue.Entry entry = entry(request);
        if (settings.interworkingRelay().isEmpty()) {
            throw new ApiProblem(409, "no-interworking-relay", "Interworking not configured",
                "This server has no interworking relay (" + DeferredSettings.INTERWORKING_RELAY + "); the message stays queued.");
        }
        SmtpRelay relay = new SmtpRelay(settings.interworkingRelay().get(), "postmaster@" + domain(entry.owner()));
        try {
            relay.send(entry.object(), List.of(entry.owner()));
        } catch (SmtpRelay.RelayException e) {
            LOGGER.warn("interworking of deferred entry {} failed: {}", entry.id(), e.getMessage());
            throw new ApiProblem(502, "relay-failed", "Interworking relay failed",
                "The interworking relay " + relay.target() + " did not take the message (" + e.getMessage()
                    + "); it stays queued, retry later.");
        }
        queue.remove(entry.id());
        Map<String, Object> body = action(entry, "interworked");
        body.put("relay", relay.target().toString());
        return CpmApiRoutes.Reply.json(200, body);
    }

    // ---- access ------------------------------------------------------------------------------------------

    /** The user of the path, whose queue a pf token or that user (Basic) may reach. */
    private Username requireQueueOwner(Request request) {
        Caller caller = authenticator.authenticate(request);
        Username user = PathUsers.of(request);
        if (caller.isUser(user)) {
            return user;
        }
        if (!caller.isPf()) {
            throw ApiProblem.forbidden("A deferred queue is reachable by a pf token or by its own user; you are "
                + caller.describe() + ", not " + user.asString() + ".");
        }
        return pathUsers.existing(user);
    }

    private DeferredQueue.Entry entry(Request request) {
        Username user = requireQueueOwner(request);
        String id = request.params(":id");
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("'" + id + "' is not a deferred message id (a number from the listing).");
        }
        return queue.get(parsed)
            .filter(e -> e.owner().equalsIgnoreCase(user.asString()))
            .orElseThrow(() -> ApiProblem.notFound("There is no deferred message " + id + " in " + user.asString()
                + "'s queue (already acted on, pushed or expired?)."));
    }

    private static ApiProblem gone(DeferredQueue.Entry entry) {
        return ApiProblem.notFound("Deferred message " + entry.id() + " was acted on meanwhile (another device or action).");
    }

    private static String domain(String account) {
        int at = account.lastIndexOf('@');
        return at < 0 ? "localhost" : account.substring(at + 1);
    }

    // ---- views ---------------------------------------------------------------------------------------------

    static Map<String, Object> view(DeferredQueue.Entry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("subject", e.subject().orElse(null));
        view.put("originator", e.originatorUri());
        view.put("recipient", e.recipientUri());
        view.put("date", e.date().toString());
        view.put("size", e.size());
        view.put("queuedAt", e.queuedAt().toString());
        view.put("expires", e.expires().toString());
        view.put("state", e.state().label());
        e.conversationId().ifPresent(v -> view.put("conversationId", v));
        e.contributionId().ifPresent(v -> view.put("contributionId", v));
        e.imdnMessageId().ifPresent(v -> view.put("imdnMessageId", v));
        return view;
    }

    private static Map<String, Object> action(DeferredQueue.Entry e, String done) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", e.id());
        body.put("action", done);
        e.imdnMessageId().ifPresent(v -> body.put("imdnMessageId", v));
        return body;
    }
}

package org.cpmmss.james.http;

import javax.inject.Inject;

import org.apache.james.core.Username;

import spark.Request;
import spark.Service;

/**
 * A user's stored history over HTTP, read through {@link HistoryService}: {@code GET /cpm/v1/users/{user}/conversations},
 * {@code …/objects?folder=} (a folder's objects after a UID), {@code …/objects/{uid}} (one object as JSON) and
 * {@code …/objects/{uid}/raw} (its stored bytes), and {@code …/search} across all conversations. An operator token or
 * the user's own credentials ({@link CpmApiAccess#requireUserResource}).
 */
public class HistoryRoutes implements CpmApiRouteGroup {
    private static final String USER = CpmApiRoutes.BASE + "/users/:user";

    private final CpmApiAccess access;
    private final HistoryService history;

    @Inject
    public HistoryRoutes(CpmApiAccess access, HistoryService history) {
        this.access = access;
        this.history = history;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.get(USER + "/conversations", routes.route((req, res) -> conversations(req)));
        service.get(USER + "/objects", routes.route((req, res) -> objects(req)));
        service.get(USER + "/objects/:uid", routes.route((req, res) -> object(req, false)));
        service.get(USER + "/objects/:uid/raw", routes.route((req, res) -> object(req, true)));
        service.get(USER + "/search", routes.route((req, res) -> search(req)));
    }

    private CpmApiRoutes.Reply conversations(Request request) throws Exception {
        Username user = access.requireUserResource(request);
        return CpmApiRoutes.Reply.json(200, history.conversations(user,
            ApiRequests.intParam(request, "offset", 0, 0, Integer.MAX_VALUE),
            ApiRequests.intParam(request, "limit", 100, 1, HistoryService.MAX_PAGE)));
    }

    private CpmApiRoutes.Reply objects(Request request) throws Exception {
        Username user = access.requireUserResource(request);
        String folder = ApiRequests.requiredParam(request, "folder");
        long after = ApiRequests.intParam(request, "after", 0, 0, Integer.MAX_VALUE);
        return CpmApiRoutes.Reply.json(200, history.objects(user, folder, after,
            ApiRequests.intParam(request, "limit", 50, 1, HistoryService.MAX_PAGE)));
    }

    private CpmApiRoutes.Reply object(Request request, boolean raw) throws Exception {
        Username user = access.requireUserResource(request);
        String folder = ApiRequests.requiredParam(request, "folder");
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
        return raw ? new CpmApiRoutes.Reply(200, result, "message/rfc822") : CpmApiRoutes.Reply.json(200, result);
    }

    private CpmApiRoutes.Reply search(Request request) throws Exception {
        Username user = access.requireUserResource(request);
        HistoryService.SearchFilter filter = new HistoryService.SearchFilter(
            ApiRequests.optionalParam(request, "q"),
            ApiRequests.optionalParam(request, "folder"),
            ApiRequests.optionalParam(request, "participant"),
            ApiRequests.instantParam(request, "since"),
            ApiRequests.instantParam(request, "until"),
            ApiRequests.optionalParam(request, "type").map(HistoryService::parseType));
        return CpmApiRoutes.Reply.json(200, history.search(user, filter, ApiRequests.intParam(request, "offset", 0, 0, 100_000),
            ApiRequests.intParam(request, "limit", 50, 1, HistoryService.MAX_PAGE)));
    }
}

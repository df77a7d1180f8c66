package org.cpmmss.james.http;

import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.james.notifications.DispositionView;

import spark.Request;
import spark.Service;

/**
 * {@code GET /cpm/v1/users/{user}/dispositions/{imdnMessageId}}: the disposition state of one message in the user's
 * store ({@link DispositionView}: ticks, who delivered/displayed, the aggregate object). An operator token, or the
 * user's own credentials (HTTP Basic); a pf token or another user gets 403, an unknown message 404. A route group of
 * {@link CpmApiRoutes}, which answers its problems and failures. See docs/http-api.md.
 */
public class DispositionRoutes implements CpmApiRouteGroup {
    static final String PATH = CpmApiRoutes.BASE + "/users/:user/dispositions/:messageId";

    private final HttpAuthenticator authenticator;
    private final PathUsers pathUsers;
    private final DispositionView view;

    @Inject
    public DispositionRoutes(HttpAuthenticator authenticator, UsersRepository usersRepository, DispositionView view) {
        this.authenticator = authenticator;
        this.pathUsers = new PathUsers(usersRepository);
        this.view = view;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.get(PATH, routes.route((req, res) -> dispositions(req)));
    }

    private CpmApiRoutes.Reply dispositions(Request request) throws Exception {
        Username user = authorizedUser(request);
        String id = request.params(":messageId");
        Map<String, Object> body = view.of(user.asString(), id).orElseThrow(() -> ApiProblem.notFound(
            "No message with IMDN-Message-ID '" + id + "' and no notification about it in " + user.asString() + "'s store."));
        return CpmApiRoutes.Reply.json(200, body);
    }

    private Username authorizedUser(Request request) {
        Caller caller = authenticator.authenticate(request);
        Username user = PathUsers.of(request);
        if (caller.isOperator()) {
            return pathUsers.existing(user);
        }
        if (caller.isUser(user)) {
            return user;
        }
        throw ApiProblem.forbidden("You are " + caller.describe() + "; the dispositions of " + user.asString()
            + "'s messages need an operator token or that user's own credentials.");
    }
}

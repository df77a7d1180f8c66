package org.cpmmss.james.http;

import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.PublicRoutes;
import org.cpmmss.james.notifications.DispositionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /cpm/v1/users/{user}/dispositions/{imdnMessageId}}: the disposition state of one message in the user's
 * store ({@link DispositionView}: ticks, who delivered/displayed, the aggregate object). An operator token, or the
 * user's own credentials (HTTP Basic); a pf token or another user gets 403, an unknown message 404. Registered
 * before {@link CpmApiRoutes} so that its catch-all does not hide it. See docs/http-api.md.
 */
public class DispositionRoutes implements PublicRoutes {
    private static final Logger LOGGER = LoggerFactory.getLogger(DispositionRoutes.class);
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
    public String getBasePath() {
        return CpmApiRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, this::dispositions);
    }

    private Object dispositions(Request request, Response response) throws Exception {
        try {
            Username user = authorizedUser(request);
            String id = request.params(":messageId");
            Map<String, Object> body = view.of(user.asString(), id).orElseThrow(() -> ApiProblem.notFound(
                "No message with IMDN-Message-ID '" + id + "' and no notification about it in " + user.asString() + "'s store."));
            response.status(200);
            response.type(CpmApiRoutes.JSON);
            return JsonBody.MAPPER.writeValueAsString(body);
        } catch (ApiProblem problem) {
            response.status(problem.status());
            response.type(CpmApiRoutes.PROBLEM);
            if (problem.status() == 401) {
                response.header("WWW-Authenticate", HttpAuthenticator.CHALLENGE);
            }
            return JsonBody.MAPPER.writeValueAsString(problem.body(request.pathInfo()));
        } catch (Exception e) {
            LOGGER.error("cpm API: GET {} failed", request.pathInfo(), e);
            ApiProblem problem = ApiProblem.serverError("The server failed on this request (" + e.getClass().getSimpleName()
                + "); see the server log.");
            response.status(problem.status());
            response.type(CpmApiRoutes.PROBLEM);
            return JsonBody.MAPPER.writeValueAsString(problem.body(request.pathInfo()));
        }
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

package org.cpmmss.james.ops.admin;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * Operator routes of cpm-mss on WebAdmin (same credentials as James's routes), used by {@code bin/cpm-mss admin}: the
 * routing core. The routes live per resource ({@link AdminPreferenceRoutes}, {@link AdminDeferredRoutes},
 * {@link AdminSweepRoutes}, {@link AdminHistoryRoutes}: export/import of a user's whole history as JSON lines, see
 * docs/operator-guide.md for the format); this class defines them and answers every handler's result once, as JSON,
 * or as an {@link AdminProblem} document (RFC 7807, like the cpm HTTP API) for an error.
 */
public class AdminRoutes implements Routes {
    public static final String BASE = "/cpm/admin";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminRoutes.class);

    /** The routes of one resource. */
    interface Group {
        void define(Service service, AdminRoutes routes);
    }

    /** A handler's result: a JSON-serialisable value, or a String sent as it is. */
    @FunctionalInterface
    interface Handler {
        Object handle(Request request, Response response) throws Exception;
    }

    private final UsersRepository users;
    private final Group[] groups;

    @Inject
    public AdminRoutes(UsersRepository users, AdminPreferenceRoutes preferences, AdminDeferredRoutes deferred,
                       AdminSweepRoutes sweep, AdminHistoryRoutes history) {
        this.users = users;
        this.groups = new Group[] {preferences, deferred, sweep, history};
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        for (Group group : groups) {
            group.define(service, this);
        }
    }

    /** The handler as a route answering JSON, or a problem document for its error. */
    Route json(Handler handler) {
        return (request, response) -> {
            response.type("application/json");
            try {
                Object result = handler.handle(request, response);
                return result instanceof String ? result : JSON.writeValueAsString(result);
            } catch (AdminProblem problem) {
                return problem.answer(request, response);
            } catch (Exception e) {
                LOGGER.warn("cpm admin: {} {} failed", request.requestMethod(), request.pathInfo(), e);
                return AdminProblem.serverError(e).answer(request, response);
            }
        };
    }

    /** The user of the path ({@code :user}), 404 when there is no such user here. */
    Username user(Request request) throws Exception {
        Username user = Username.of(request.params("user"));
        if (!users.contains(user)) {
            throw AdminProblem.notFound("unknown user " + user.asString());
        }
        return user;
    }
}

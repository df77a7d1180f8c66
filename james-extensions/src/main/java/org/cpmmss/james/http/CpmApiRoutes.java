package org.cpmmss.james.http;

import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.cpmmss.cpm.CpmFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * The routing core of the cpm API, {@code /cpm/v1} on the WebAdmin port. It is a {@link PublicRoutes} so that James's
 * own WebAdmin authentication (JWT when enabled) does not apply: every call here authenticates itself with
 * {@link HttpAuthenticator} (bearer token with a role, or the user's own password; who may do what is
 * {@link CpmApiAccess}). The routes live per resource in {@link CpmApiRouteGroup}s (documents, preferences, history,
 * object ingest, sessions, deferred queue, dispositions; bound in {@link CpmHttpApiModule}); this class defines them,
 * then a catch-all answering 404, and maps every handler's answer once: the {@link Reply}, or an RFC 7807 problem
 * document for an {@link ApiProblem}, a malformed CPM object (400) or a failure (500). See docs/http-api.md and
 * docs/openapi.yaml.
 */
public class CpmApiRoutes implements PublicRoutes {
    public static final String BASE = "/cpm/v1";
    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM = "application/problem+json; charset=utf-8";
    private static final Logger LOGGER = LoggerFactory.getLogger(CpmApiRoutes.class);

    private final HttpAuthenticator authenticator;
    private List<CpmApiRouteGroup> routeGroups = List.of();

    @Inject
    public CpmApiRoutes(HttpAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The resources' route groups, defined in their binding order before the catch-all. */
    @Inject
    public void setRouteGroups(Set<CpmApiRouteGroup> groups) {
        this.routeGroups = List.copyOf(groups);
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
}

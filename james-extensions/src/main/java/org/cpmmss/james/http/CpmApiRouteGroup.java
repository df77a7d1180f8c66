package org.cpmmss.james.http;

import spark.Route;
import spark.Service;

/**
 * The {@code /cpm/v1} routes of one resource (sessions, history, the deferred queue, …), each in its own class.
 * {@link CpmApiRoutes} defines every bound group (Guice multibinder in {@link CpmHttpApiModule}, in binding order)
 * before its catch-all, with its own plumbing: {@code routes.route(handler)} answers the handler's reply, RFC 7807
 * problems and failures like every cpm route.
 */
public interface CpmApiRouteGroup {
    @FunctionalInterface
    interface RouteFactory {
        Route route(CpmApiRoutes.Handler handler);
    }

    void define(Service service, RouteFactory routes);
}

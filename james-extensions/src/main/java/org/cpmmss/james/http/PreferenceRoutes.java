package org.cpmmss.james.http;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;

import spark.Request;
import spark.Service;

/**
 * A user's CPM preferences over HTTP: {@code GET /cpm/v1/users/{user}/preferences} and {@code PUT} of the members to
 * change (null resets one to the operator default), answered with the preferences after the change. An operator
 * token or the user's own credentials ({@link CpmApiAccess#requireUserResource}); reading and writing is
 * {@link PreferencesService}.
 */
public class PreferenceRoutes implements CpmApiRouteGroup {
    private static final String PATH = CpmApiRoutes.BASE + "/users/:user/preferences";

    private final CpmApiAccess access;
    private final PreferencesService preferences;
    private final CpmHttpSettings settings;

    @Inject
    public PreferenceRoutes(CpmApiAccess access, PreferencesService preferences, CpmHttpSettings settings) {
        this.access = access;
        this.preferences = preferences;
        this.settings = settings;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.get(PATH, routes.route((req, res) -> getPreferences(req)));
        service.put(PATH, routes.route((req, res) -> putPreferences(req)));
    }

    private CpmApiRoutes.Reply getPreferences(Request request) throws Exception {
        Username user = access.requireUserResource(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.asString());
        body.put("preferences", preferences.read(user));
        return CpmApiRoutes.Reply.json(200, body);
    }

    private CpmApiRoutes.Reply putPreferences(Request request) throws Exception {
        Username user = access.requireUserResource(request);
        JsonBody json = ApiRequests.jsonBody(request, "preferences", settings.maxObjectSize());
        Map<String, Object> changes = new LinkedHashMap<>();
        json.node().fields().forEachRemaining(field -> changes.put(field.getKey(),
            field.getValue().isNull() ? null : field.getValue().isTextual() ? field.getValue().asText() : field.getValue()));
        preferences.update(user, changes);
        return getPreferences(request);
    }
}

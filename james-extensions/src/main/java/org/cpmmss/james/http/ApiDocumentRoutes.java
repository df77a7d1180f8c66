package org.cpmmss.james.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import spark.Request;
import spark.Service;

/**
 * The cpm API describing itself and its caller: {@code GET /cpm/v1/openapi.yaml} (also {@code /openapi}, no
 * credentials needed), {@code GET /cpm/v1/whoami} (the caller's role and user) and {@code GET /cpm/v1/policy} (the
 * operator policy and preference defaults, operator token only).
 */
public class ApiDocumentRoutes implements CpmApiRouteGroup {
    private static final String BASE = CpmApiRoutes.BASE;

    private final CpmApiAccess access;
    private final PreferencesService preferences;
    private final CpmHttpSettings settings;

    @Inject
    public ApiDocumentRoutes(CpmApiAccess access, PreferencesService preferences, CpmHttpSettings settings) {
        this.access = access;
        this.preferences = preferences;
        this.settings = settings;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.get(BASE + "/openapi.yaml", routes.route((req, res) -> openApi()));
        service.get(BASE + "/openapi", routes.route((req, res) -> openApi()));
        service.get(BASE + "/whoami", routes.route((req, res) -> whoAmI(req)));
        service.get(BASE + "/policy", routes.route((req, res) -> policy(req)));
    }

    private CpmApiRoutes.Reply openApi() throws IOException {
        try (InputStream in = CpmApiRoutes.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw ApiProblem.notFound("The OpenAPI document is not packaged in this build.");
            }
            return new CpmApiRoutes.Reply(200, in.readAllBytes(), "application/yaml; charset=utf-8");
        }
    }

    private CpmApiRoutes.Reply whoAmI(Request request) {
        Caller caller = access.caller(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", caller.kind().name().toLowerCase(Locale.ROOT));
        caller.user().ifPresent(user -> body.put("user", user.asString()));
        return CpmApiRoutes.Reply.json(200, body);
    }

    private CpmApiRoutes.Reply policy(Request request) {
        Caller caller = access.caller(request);
        if (!caller.isOperator()) {
            throw ApiProblem.forbidden("Operator policy is readable with an operator token only.");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (PreferencesService.Preference preference : PreferencesService.PREFERENCES) {
            defaults.put(preference.name(), preferences.operatorDefault(preference));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", new TreeMap<>(settings.policy()));
        body.put("preferenceDefaults", defaults);
        body.put("httpTokensConfigured", settings.hasTokens());
        return CpmApiRoutes.Reply.json(200, body);
    }
}

package org.cpmmss.james.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import spark.Request;

/**
 * The one authentication scheme of {@code /cpm/v1}: {@code Authorization: Bearer <token>} for a token of
 * {@code cpm.http.tokens} (role pf or operator), or {@code Authorization: Basic} with a user's own
 * account name and password. Anything else is 401; what a caller may do is decided per route.
 */
public class HttpAuthenticator {
    static final String CHALLENGE = "Bearer realm=\"cpm-mss\", Basic realm=\"cpm-mss\", charset=\"UTF-8\"";

    private final CpmHttpSettings settings;
    private final UsersRepository usersRepository;

    @Inject
    public HttpAuthenticator(CpmHttpSettings settings, UsersRepository usersRepository) {
        this.settings = settings;
        this.usersRepository = usersRepository;
    }

    public Caller authenticate(Request request) {
        String header = request.headers("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiProblem.unauthenticated("This API needs credentials: a bearer token configured in cpm.http.tokens, "
                + "or HTTP Basic with your own account name and password.");
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        String value = space < 0 ? "" : trimmed.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer":
                return settings.roleOf(value)
                    .map(role -> role == CpmHttpSettings.Role.PF ? Caller.pf() : Caller.operator())
                    .orElseThrow(() -> ApiProblem.unauthenticated("Unknown bearer token: check cpm.http.tokens."));
            case "basic":
                return basic(value);
            default:
                throw ApiProblem.unauthenticated("Unsupported authorization scheme '" + scheme + "': use Bearer or Basic.");
        }
    }

    private Caller basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.unauthenticated("Basic credentials are not valid base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw ApiProblem.unauthenticated("Basic credentials must be account:password.");
        }
        Username username;
        try {
            username = Username.of(decoded.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.unauthenticated("Wrong account name or password.");
        }
        try {
            if (usersRepository.test(username, decoded.substring(colon + 1))) {
                return Caller.user(username);
            }
        } catch (UsersRepositoryException e) {
            throw ApiProblem.unavailable("The user repository is unavailable; try again.");
        }
        throw ApiProblem.unauthenticated("Wrong account name or password.");
    }
}

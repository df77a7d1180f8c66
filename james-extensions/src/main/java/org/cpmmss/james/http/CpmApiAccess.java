package org.cpmmss.james.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.james.security.RequestRateLimiter;

import spark.Request;

/**
 * Who may call a {@code /cpm/v1} route, decided once for every resource: the caller as {@link HttpAuthenticator}
 * authenticates it, a PF (bearer token with role pf) under its rate limit ({@code cpm.http.ingest-rate-per-pf}, one
 * limiter per server: a singleton), or the user of a {@code /users/{user}/…} path as that user or an operator.
 * Refusals are 401/403/404/429 {@link ApiProblem}s.
 */
@Singleton
public class CpmApiAccess {
    private final HttpAuthenticator authenticator;
    private final CpmHttpSettings settings;
    private final PathUsers pathUsers;
    private final RequestRateLimiter ingestRate;

    @Inject
    public CpmApiAccess(HttpAuthenticator authenticator, CpmHttpSettings settings, UsersRepository usersRepository) {
        this.authenticator = authenticator;
        this.settings = settings;
        this.pathUsers = new PathUsers(usersRepository);
        this.ingestRate = new RequestRateLimiter(settings.ingestRatePerPf(), Clock.systemUTC());
    }

    /** Any authenticated caller (401 otherwise). */
    Caller caller(Request request) {
        return authenticator.authenticate(request);
    }

    /** A PF within its rate: 403 for another caller, 429 with Retry-After beyond the rate. */
    Caller requirePf(Request request) {
        Caller caller = authenticator.authenticate(request);
        if (!caller.isPf()) {
            throw ApiProblem.forbidden("Ingest needs a bearer token with role pf; you are authenticated as " + caller.describe() + ".");
        }
        // per PF: the bearer token names the PF (kept in memory only, as the tokens themselves)
        Optional<Duration> wait = ingestRate.acquire(String.valueOf(request.headers("Authorization")));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw ApiProblem.tooManyRequests("This PF sends more than " + settings.ingestRatePerPf()
                + " requests a second (" + CpmHttpSettings.INGEST_RATE_KEY + "); retry after " + seconds + " s.", seconds);
        }
        return caller;
    }

    /** The user of the path, readable by an operator token or by that user. */
    Username requireUserResource(Request request) {
        Caller caller = authenticator.authenticate(request);
        Username user = PathUsers.of(request);
        if (caller.isOperator()) {
            return pathUsers.existing(user);
        }
        if (caller.isUser(user)) {
            return user;
        }
        if (caller.isPf()) {
            throw ApiProblem.forbidden("A pf token can only ingest; reading " + user.asString() + "'s resources needs "
                + "an operator token or that user's own credentials.");
        }
        throw ApiProblem.forbidden("You are " + caller.describe() + " and can only reach your own resources, not "
            + user.asString() + "'s.");
    }
}

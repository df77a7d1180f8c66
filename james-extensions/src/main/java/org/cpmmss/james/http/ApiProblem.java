package org.cpmmss.james.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An error answered as RFC 7807 {@code application/problem+json}: an HTTP status, a short title and a
 * detail a person can act on, plus optional extension members (e.g. per-owner outcomes).
 */
public final class ApiProblem extends RuntimeException {
    public static final String TYPE_BASE = "https://cpm-mss.invalid/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiProblem(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Malformed request", detail);
    }

    public static ApiProblem unauthenticated(String detail) {
        return new ApiProblem(401, "unauthenticated", "Credentials required", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Not allowed", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "session-closed", "Conflict", detail);
    }

    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "too-large", "Request too large", detail);
    }

    public static ApiProblem unsupportedMediaType(String detail) {
        return new ApiProblem(415, "unsupported-media-type", "Wrong content type", detail);
    }

    /** 429 with a Retry-After of {@code retryAfterSeconds} (RFC 6585). */
    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblem(429, "too-many-requests", "Too many requests", detail).with("retryAfter", retryAfterSeconds);
    }

    public Optional<Object> extension(String name) {
        return Optional.ofNullable(extensions.get(name));
    }

    public static ApiProblem serverError(String detail) {
        return new ApiProblem(500, "server-error", "Internal error", detail);
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "temporary-failure", "Temporary failure, retry", detail);
    }

    public ApiProblem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    /** The problem document's members, in RFC 7807 order. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }
}

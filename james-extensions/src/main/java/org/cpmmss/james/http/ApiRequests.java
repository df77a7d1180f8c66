package org.cpmmss.james.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import spark.Request;

/**
 * Reading a {@code /cpm/v1} request: its JSON body (media type checked, size bounded) and its query parameters,
 * every defect a 400, 413 or 415 {@link ApiProblem} naming what to send instead.
 */
final class ApiRequests {
    private ApiRequests() {
    }

    static void requireJson(Request request) {
        String type = request.contentType();
        String media = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw ApiProblem.unsupportedMediaType("Send this request as Content-Type: application/json"
                + (type == null ? "" : ", not " + type) + ".");
        }
    }

    /** The body, refused with 413 beyond the limit (by Content-Length before reading, else while reading). */
    static byte[] body(Request request, long limit) throws IOException {
        long declared = request.raw().getContentLengthLong();
        if (declared > limit) {
            throw ApiProblem.tooLarge("The body is " + declared + " bytes; this server accepts at most " + limit
                + " bytes here (cpm.limits.max-object-size).");
        }
        try (InputStream in = request.raw().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw ApiProblem.tooLarge("The body is larger than " + limit + " bytes (cpm.limits.max-object-size).");
            }
            return bytes;
        }
    }

    /** The JSON object of the body ({@code where} names the request in errors), at most {@code limit} bytes. */
    static JsonBody jsonBody(Request request, String where, long limit) throws IOException {
        requireJson(request);
        return JsonBody.parse(body(request, limit), where);
    }

    static int intParam(Request request, String name, int fallback, int min, int max) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw ApiProblem.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max + ".");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("Query parameter '" + name + "' must be a number, not '" + value + "'.");
        }
    }

    static String requiredParam(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("Query parameter '" + name + "' is required.");
        }
        return value;
    }

    static Optional<String> optionalParam(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).filter(s -> !s.isBlank());
    }

    static Optional<Instant> instantParam(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("Query parameter '" + name + "' must be an RFC 3339 date-time such as "
                + "2024-05-01T00:00:00Z, not '" + value + "'.");
        }
    }
}

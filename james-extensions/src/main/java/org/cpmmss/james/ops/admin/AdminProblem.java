package org.cpmmss.james.ops.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;

/**
 * An error of the operator routes ({@code /cpm/admin}), answered in the style of the cpm HTTP API: an RFC 7807
 * {@code application/problem+json} document ({@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}). The document also carries the detail as {@code error}, the member these routes answered before
 * they used problem documents, so that operator scripts reading it keep working.
 */
public final class AdminProblem extends RuntimeException {
    static final String TYPE_BASE = "https://cpm-mss.invalid/problems/";
    static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final String title;

    private AdminProblem(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    static AdminProblem badRequest(String detail) {
        return new AdminProblem(400, "bad-request", "Malformed request", detail);
    }

    static AdminProblem notFound(String detail) {
        return new AdminProblem(404, "not-found", "Not found", detail);
    }

    static AdminProblem notImplemented(String detail) {
        return new AdminProblem(501, "not-implemented", "Not part of this build", detail);
    }

    /** A failure of the server itself; the detail names the exception, as these operator routes always did. */
    static AdminProblem serverError(Exception cause) {
        return new AdminProblem(500, "server-error", "Internal error", cause.toString());
    }

    int status() {
        return status;
    }

    /** The problem document's members, in RFC 7807 order, then {@code error}. */
    Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("error", getMessage());
        return body;
    }

    /** Sets the answer's status and content type and returns the document. */
    String answer(Request request, Response response) throws JsonProcessingException {
        response.status(status);
        response.type(CONTENT_TYPE);
        return JSON.writeValueAsString(body(request.pathInfo()));
    }
}

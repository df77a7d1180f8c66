package org.cpmmss.james.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** James's WebAdmin over real HTTP, as an operator would call it. */
public final class WebAdminClient {
    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    WebAdminClient(int port) {
        this.port = port;
    }

    public HttpResponse<String> send(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public void addDomain(String domain) throws IOException, InterruptedException {
        expect(send("PUT", "/domains/" + domain, null), 204);
    }

    public void addUser(String user, String password) throws IOException, InterruptedException {
        expect(send("PUT", "/users/" + user, "{\"password\":\"" + password + "\"}"), 204);
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}

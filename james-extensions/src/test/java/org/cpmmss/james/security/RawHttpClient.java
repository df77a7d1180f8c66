package org.cpmmss.james.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends a corpus HTTP case — first line {@code METHOD /path}, request headers, an empty line, the body bytes —
 * to the server with a bearer token, over real HTTP.
 */
final class RawHttpClient {
    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;
    private final String token;

    RawHttpClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    record Reply(int status, String contentType, String body) {
        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    Reply send(byte[] request) throws IOException, InterruptedException {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, headEnd).split("\r\n");
        byte[] body = Arrays.copyOfRange(request, headEnd + 4, request.length);
        String[] requestLine = head[0].split(" ", 2);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + requestLine[1]))
            .header("Authorization", "Bearer " + token)
            .method(requestLine[0], HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 1; i < head.length; i++) {
            String[] header = head[i].split(":", 2);
            builder.header(header[0].trim(), header[1].trim());
        }
        HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }
}

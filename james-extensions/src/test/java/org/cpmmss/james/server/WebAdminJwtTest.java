package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebAdmin with {@code jwt.enabled=true} (the documented way to expose it beyond loopback, and the container
 * image's setting) starts without BouncyCastle and checks RS256 tokens: none or a wrong signature is 401, a
 * valid admin token passes; the health check and the cpm API keep their own rules.
 */
class WebAdminJwtTest {
    @TempDir
    Path work;

    private CpmMssTestServer server;
    private KeyPair keys;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        Path pem = work.resolve("jwt-public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
        server = CpmMssTestServer.withFreshData(work);
        server.replace("webadmin.properties", "jwt.enabled=false",
            "jwt.enabled=true\njwt.publickeypem.url=file://" + pem.toAbsolutePath());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void jamesRoutesNeedAValidAdminToken() throws Exception {
        assertThat(get("/domains", null).statusCode()).isEqualTo(401);
        assertThat(get("/domains", token(keys.getPrivate(), true)).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", token(keys.getPrivate(), true)).statusCode()).isEqualTo(200);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        assertThat(get("/domains", token(generator.generateKeyPair().getPrivate(), true)).statusCode()).isEqualTo(401);
        assertThat(get("/domains", token(keys.getPrivate(), false)).statusCode()).isEqualTo(401);
    }

    @Test
    void healthCheckAndOpenApiStayPublic() throws Exception {
        assertThat(get("/healthcheck", null).statusCode()).isEqualTo(200);
        assertThat(get("/cpm/v1/openapi.yaml", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(PrivateKey key, boolean admin) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"admin@example.com\",\"admin\":" + admin + ",\"iat\":" + now
            + ",\"exp\":" + (now + 300) + "}").getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64.encodeToString(signature.sign());
    }
}

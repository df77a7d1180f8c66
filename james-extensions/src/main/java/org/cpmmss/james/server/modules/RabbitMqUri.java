package org.cpmmss.james.server.modules;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;

/**
 * {@code events.rabbitmq.uri} ({@code amqp://user:password@host:port/vhost}) as James's RabbitMQ configuration.
 * James's connection factory logs in with the "management credentials", not with the URI's user: they are taken
 * from the URI here. The management API (plugin) is never called by the parts cpm-mss uses; its URI is the AMQP
 * host on port 15672 only because James's configuration requires one. A URI without user, host or virtual host
 * stops the start with a message naming the key.
 */
final class RabbitMqUri {
    private static final String KEY = "events.rabbitmq.uri";

    private RabbitMqUri() {
    }

    static RabbitMQConfiguration configuration(String raw) {
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(KEY + " is not a URI: " + e.getMessage());
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw new IllegalArgumentException(KEY + " must be amqp://user:password@host:port/vhost (or amqps://), not '"
                + scheme + "://...'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(KEY + " has no host: amqp://user:password@host:port/vhost");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || !userInfo.contains(":")) {
            throw new IllegalArgumentException(KEY + " needs a user and a password: amqp://user:password@host:port/vhost");
        }
        String path = Optional.ofNullable(uri.getRawPath()).orElse("");
        if (path.length() < 2) {
            throw new IllegalArgumentException(KEY + " needs a virtual host: amqp://user:password@host:port/vhost"
                + " (%2F for the broker's default virtual host \"/\")");
        }
        String user = decode(userInfo.substring(0, userInfo.indexOf(':')));
        String password = decode(userInfo.substring(userInfo.indexOf(':') + 1));
        URI management = URI.create("http://" + uri.getHost() + ":15672");
        return RabbitMQConfiguration.builder()
            .amqpUri(uri)
            .managementUri(management)
            .managementCredentials(new RabbitMQConfiguration.ManagementCredentials(user, password.toCharArray()))
            .useSsl(scheme.equals("amqps"))
            .vhost(Optional.of(decode(path.substring(1))))
            .build();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

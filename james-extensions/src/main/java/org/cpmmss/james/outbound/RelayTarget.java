package org.cpmmss.james.outbound;

import java.util.Optional;

/**
 * Where an SMTP relay listens: the value of a {@code host:port} setting (port 25 when omitted). An empty or blank
 * setting means "no relay configured".
 */
public record RelayTarget(String host, int port) {

    public RelayTarget {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a relay needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a relay port must be 1-65535, not " + port);
        }
    }

    /**
     * Parses the setting {@code key}; empty when unset or blank.
     *
     * @throws IllegalArgumentException naming {@code key} when the value is not {@code host[:port]}
     */
    public static Optional<RelayTarget> parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            return Optional.of(new RelayTarget(v, 25));
        }
        try {
            return Optional.of(new RelayTarget(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be host:port, not " + value, e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

package org.cpmmss.james.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.cpmmss.recording.policy.CpmPolicy;

/**
 * {@code conf/sipserver.properties}, read once at start. Every key is documented in that file; a missing
 * key means the default shown there.
 */
public record SipBridgeConfiguration(boolean enabled, String host, int port, List<String> transports,
                                     List<PeerRange> trustedPeers, String digestRealm, Map<String, String> digestUsers,
                                     Optional<String> outboundPf, int maxMessageSize, int threads, int queue,
                                     int registerMaxExpires, int registerDefaultExpires, Duration pushTimeout) {

    public static SipBridgeConfiguration defaults() {
        return from(key -> null);
    }

    public static SipBridgeConfiguration from(Function<String, String> lookup) {
        Function<String, String> get = key -> {
            String v = lookup.apply(key);
            return v == null || v.isBlank() ? null : v.trim();
        };
        String bind = or(get.apply("sip.bind"), "127.0.0.1:5062");
        int colon = bind.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("sip.bind must be host:port, not " + bind);
        }
        String host = bind.substring(0, colon).replace("[", "").replace("]", "");
        int port = integer("sip.bind", bind.substring(colon + 1));
        List<String> transports = new ArrayList<>();
        for (String t : or(get.apply("sip.transports"), "udp,tcp").split(",")) {
            String transport = t.trim().toLowerCase(Locale.ROOT);
            if (!transport.equals("udp") && !transport.equals("tcp")) {
                throw new IllegalArgumentException("sip.transports: only udp and tcp are supported, not " + t);
            }
            if (!transports.contains(transport)) {
                transports.add(transport);
            }
        }
        List<PeerRange> peers = new ArrayList<>();
        for (String p : or(get.apply("sip.trusted-peers"), "127.0.0.1,::1").split(",")) {
            if (!p.isBlank()) {
                peers.add(PeerRange.parse(p.trim()));
            }
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (String u : or(get.apply("sip.digest.users"), "").split(",")) {
            if (u.isBlank()) {
                continue;
            }
            int c = u.indexOf(':');
            if (c <= 0) {
                throw new IllegalArgumentException("sip.digest.users: each entry is name:password");
            }
            users.put(u.substring(0, c).trim(), u.substring(c + 1).trim());
        }
        return new SipBridgeConfiguration(
            Boolean.parseBoolean(or(get.apply("sip.enabled"), "true")),
            host, port, List.copyOf(transports), List.copyOf(peers),
            or(get.apply("sip.digest.realm"), "cpm-mss"), Map.copyOf(users),
            Optional.ofNullable(get.apply("sip.outbound.pf")),
            integer("sip.max-message-size", or(get.apply("sip.max-message-size"), "1048576")),
            integer("sip.threads", or(get.apply("sip.threads"), "32")),
            integer("sip.queue", or(get.apply("sip.queue"), "256")),
            integer("sip.register.max-expires", or(get.apply("sip.register.max-expires"), "3600")),
            integer("sip.register.default-expires", or(get.apply("sip.register.default-expires"), "3600")),
            duration("sip.push.timeout", or(get.apply("sip.push.timeout"), "10")));
    }

    public boolean trusted(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return trustedPeers.stream().anyMatch(range -> range.contains(a));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public boolean digestEnabled() {
        return !digestUsers.isEmpty();
    }

    private static String or(String v, String d) {
        return v == null ? d : v;
    }

    private static int integer(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a non-negative number, not " + value, e);
        }
    }

    /**
     * A number of seconds, or a duration in the one syntax of the server's settings ({@link CpmPolicy#duration}:
     * {@code 30s}, {@code 2m}, {@code PT30S}); not negative.
     */
    private static Duration duration(String key, String value) {
        String v = value.trim();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(integer(key, v));
        }
        Duration duration = CpmPolicy.duration(key, v);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, not " + value);
        }
        return duration;
    }

    /** An IP address or CIDR block of trusted peers. */
    public record PeerRange(byte[] network, int prefix) {
        public static PeerRange parse(String text) {
            try {
                int slash = text.indexOf('/');
                InetAddress address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash));
                int bits = address.getAddress().length * 8;
                int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("sip.trusted-peers: bad prefix in " + text);
                }
                return new PeerRange(address.getAddress(), prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("sip.trusted-peers: not an address or CIDR block: " + text, e);
            }
        }

        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}

package org.cpmmss.james.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.cpm.folder.FolderLayout;
import org.cpmmss.cpm.folder.FolderNamer;

/**
 * What the HTTP API reads from {@code conf/cpm.properties}: bearer tokens with their role, the operator
 * defaults of the user preferences, the size limits, the folder root and the (read-only) operator policy.
 *
 * <p>{@code cpm.http.tokens} is a comma-separated list of {@code token:role} entries, role {@code pf} or
 * {@code operator}. A token is at least 16 characters of {@code [A-Za-z0-9._~+/=-]}; a malformed entry
 * stops the server at start-up rather than silently opening or closing the API.</p>
 */
public final class CpmHttpSettings {
    public static final String TOKENS_KEY = "cpm.http.tokens";
    public static final int MIN_TOKEN_LENGTH = 16;
    public static final String INGEST_RATE_KEY = "cpm.http.ingest-rate";
    public static final int DEFAULT_INGEST_RATE = 500;

    public enum Role {
        PF, OPERATOR;

        static Role parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "pf" -> PF;
                case "operator" -> OPERATOR;
                default -> throw new IllegalArgumentException(TOKENS_KEY + ": unknown role '" + value.trim()
                    + "' (expected pf or operator)");
            };
        }
    }

    private record Token(byte[] secret, Role role) {
    }

    private final Token[] tokens;
    private final Map<String, String> policy;
    private final long maxObjectSize;
    private final long maxFileSize;
    private final String folderRoot;
    private final FolderLayout folderLayout;

    private CpmHttpSettings(Token[] tokens, Map<String, String> policy) {
        this.tokens = tokens;
        this.policy = policy;
        this.maxObjectSize = Long.parseLong(policy.getOrDefault("cpm.limits.max-object-size", "10485760"));
        this.maxFileSize = Long.parseLong(policy.getOrDefault("cpm.limits.max-file-size", "20971520"));
        this.folderRoot = policy.getOrDefault("cpm.folder.root", FolderNamer.DEFAULT_ROOT);
        this.folderLayout = FolderLayout.fromConfig(policy.getOrDefault("cpm.folder.layout", "rcs"));
    }

    public static CpmHttpSettings from(Configuration configuration) {
        return from(CpmSettings.of(configuration));
    }

    /** The HTTP door's settings out of {@code conf/cpm.properties} as read once at start. */
    public static CpmHttpSettings from(CpmSettings settings) {
        Token[] tokens = settings.all().getOrDefault(TOKENS_KEY, List.of()).stream()
            .map(String::trim)
            .filter(entry -> !entry.isEmpty())
            .map(CpmHttpSettings::parseToken)
            .toArray(Token[]::new);
        Map<String, String> policy = new LinkedHashMap<>();
        settings.all().forEach((key, values) -> {
            if (!key.equals(TOKENS_KEY)) {
                policy.put(key, String.join(",", values).trim());
            }
        });
        return new CpmHttpSettings(tokens, Map.copyOf(policy));
    }

    public static CpmHttpSettings empty() {
        return new CpmHttpSettings(new Token[0], Map.of());
    }

    private static Token parseToken(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(TOKENS_KEY + ": entry without ':role' (expected token:pf or token:operator)");
        }
        String secret = entry.substring(0, colon).trim();
        if (secret.length() < MIN_TOKEN_LENGTH || !secret.matches("[A-Za-z0-9._~+/=-]+")) {
            throw new IllegalArgumentException(TOKENS_KEY + ": a token must be at least " + MIN_TOKEN_LENGTH
                + " characters of A-Z a-z 0-9 . _ ~ + / = -");
        }
        return new Token(secret.getBytes(StandardCharsets.UTF_8), Role.parse(entry.substring(colon + 1)));
    }

    /** The role of a bearer token; every configured token is compared in constant time. */
    public Optional<Role> roleOf(String bearer) {
        byte[] presented = bearer.getBytes(StandardCharsets.UTF_8);
        Role found = null;
        for (Token token : tokens) {
            if (MessageDigest.isEqual(token.secret(), presented)) {
                found = token.role();
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean hasTokens() {
        return tokens.length > 0;
    }

    /** Operator policy: every key of cpm.properties except the tokens. */
    public Map<String, String> policy() {
        return policy;
    }

    public String policy(String key, String fallback) {
        String value = policy.get(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Ingest requests a second allowed per PF token ({@value #INGEST_RATE_KEY}, 0 = unlimited). */
    public int ingestRatePerPf() {
        String v = policy(INGEST_RATE_KEY, String.valueOf(DEFAULT_INGEST_RATE)).trim();
        try {
            int rate = Integer.parseInt(v);
            if (rate < 0) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(INGEST_RATE_KEY + " must be 0 (unlimited) or a positive number of requests a second, not '" + v + "'");
        }
    }

    public long maxObjectSize() {
        return maxObjectSize;
    }

    public long maxFileSize() {
        return maxFileSize;
    }

    public String folderRoot() {
        return folderRoot;
    }

    public FolderLayout folderLayout() {
        return folderLayout;
    }
}

package org.cpmmss.james.plumbing.postgresql;

/**
 * The connection keys of {@code storage.backend=postgresql} ({@code conf/storage.properties}):
 * {@code storage.postgresql.url}, {@code .user}, {@code .password} and {@code .pool-size} (the connections of one
 * node's pool). {@link #toString()} leaves the password out.
 */
public record PostgresqlSettings(String url, String user, String password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;

    @Override
    public String toString() {
        return "PostgresqlSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}

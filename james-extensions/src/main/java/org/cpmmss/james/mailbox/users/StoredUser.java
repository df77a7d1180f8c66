package org.cpmmss.james.mailbox.users;

import java.nio.charset.StandardCharsets;

import org.apache.james.core.Username;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.model.Algorithm;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * An account as {@code JAMES_USER} holds it: its name, the hash of its password and the name of the hash algorithm
 * (the configured one when the account was created). The hash is the one James's JPA users repository writes, so
 * accounts created before the switch to {@link JdbcUsersDao} log in as before: the password salted with the account
 * name for PBKDF2 algorithms and the {@code /salted} modes, Base64 for PBKDF2, lower-case hex for the plain digests
 * (SHA-512 when no algorithm is stored), the password itself for {@code NONE}.
 */
public final class StoredUser implements User {
    private final String name;
    private final String algorithm;
    private String hash;

    StoredUser(String name, String hash, String algorithm) {
        this.name = name;
        this.hash = hash;
        this.algorithm = algorithm;
    }

    /** A new account's row: {@code password} hashed with {@code algorithm}, salted with {@code name}. */
    static StoredUser create(String name, String password, String algorithm) {
        return new StoredUser(name, hash(password, name, algorithm), algorithm);
    }

    String name() {
        return name;
    }

    String hash() {
        return hash;
    }

    String algorithm() {
        return algorithm;
    }

    @Override
    public Username getUserName() {
        return Username.of(name);
    }

    @Override
    public boolean setPassword(String password) {
        if (password == null) {
            return false;
        }
        hash = hash(password, name, algorithm);
        return true;
    }

    @Override
    public boolean verifyPassword(String password) {
        if (password == null) {
            return hash == null;
        }
        return hash != null && hash.equals(hash(password, name, algorithm));
    }

    static String hash(String password, String salt, String algorithmName) {
        Algorithm algorithm = Algorithm.of(algorithmName == null ? "SHA-512" : algorithmName);
        if (algorithm.isPBKDF2()) {
            return algorithm.digest(password, salt);
        }
        String input = algorithm.isSalted() && salt != null ? salt + password : password;
        if (algorithm.getName().equals("NONE")) {
            return input;
        }
        return digest(algorithm.getName()).hashString(input, StandardCharsets.UTF_8).toString();
    }

    @SuppressWarnings("deprecation") // MD5 and SHA-1: accounts created with them must still log in
    private static HashFunction digest(String name) {
        switch (name) { // as spelled in the configuration, case included (as James's JPA repository)
            case "MD5":
                return Hashing.md5();
            case "SHA-1":
            case "SHA1":
                return Hashing.sha1();
            case "SHA-256":
                return Hashing.sha256();
            default:
                return Hashing.sha512();
        }
    }

    @Override
    public String toString() {
        return "[User " + name + "]";
    }
}

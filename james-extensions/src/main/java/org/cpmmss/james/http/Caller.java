package org.cpmmss.james.http;

import java.util.Optional;

import org.apache.james.core.Username;

/** Who is calling: a bearer token's role, or a user authenticated with their own account password. */
public record Caller(Kind kind, Optional<Username> user) {
    public enum Kind { PF, OPERATOR, USER }

    public static Caller pf() {
        return new Caller(Kind.PF, Optional.empty());
    }

    public static Caller operator() {
        return new Caller(Kind.OPERATOR, Optional.empty());
    }

    public static Caller user(Username username) {
        return new Caller(Kind.USER, Optional.of(username));
    }

    public boolean isOperator() {
        return kind == Kind.OPERATOR;
    }

    public boolean isPf() {
        return kind == Kind.PF;
    }

    public boolean isUser(Username username) {
        return kind == Kind.USER && user.map(u -> u.equals(username)).orElse(false);
    }

    public String describe() {
        return switch (kind) {
            case PF -> "a pf token";
            case OPERATOR -> "an operator token";
            case USER -> "user " + user.map(Username::asString).orElse("?");
        };
    }
}

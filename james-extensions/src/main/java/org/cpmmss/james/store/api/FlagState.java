package org.cpmmss.james.store.api;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IMAP flags of one message: the system flags as a bit set (see the constants) and its keywords
 * (e.g. {@code $cpm-temporary}, {@code $delivered}).
 */
public record FlagState(int systemFlags, Set<String> keywords) {
    public static final int ANSWERED = 1;
    public static final int DELETED = 2;
    public static final int DRAFT = 4;
    public static final int FLAGGED = 8;
    public static final int RECENT = 16;
    public static final int SEEN = 32;

    /** Every state without keywords, by its system flags (the flags of almost every stored message): shared. */
    private static final FlagState[] PLAIN = new FlagState[64];

    static {
        for (int flags = 0; flags < PLAIN.length; flags++) {
            PLAIN[flags] = new FlagState(flags, Set.of());
        }
    }

    public static final FlagState NONE = PLAIN[0];

    public FlagState {
        // an immutable copy (no copy of one already immutable); a listing of 10,000 messages made a sorted copy of
        // each one's empty keyword set (docs/benchmarks.md "Twenty-seventh session")
        keywords = keywords.isEmpty() ? Set.of() : Set.copyOf(keywords);
    }

    /** The state with these system flags and no keyword. */
    public static FlagState plain(int systemFlags) {
        return systemFlags >= 0 && systemFlags < PLAIN.length ? PLAIN[systemFlags] : new FlagState(systemFlags, Set.of());
    }

    public static FlagState of(int systemFlags, Collection<String> keywords) {
        return keywords.isEmpty() ? plain(systemFlags) : new FlagState(systemFlags, Set.copyOf(keywords));
    }

    public boolean has(int systemFlag) {
        return (systemFlags & systemFlag) != 0;
    }

    public FlagState with(int systemFlag) {
        return keywords.isEmpty() ? plain(systemFlags | systemFlag) : new FlagState(systemFlags | systemFlag, keywords);
    }

    public FlagState without(int systemFlag) {
        return keywords.isEmpty() ? plain(systemFlags & ~systemFlag) : new FlagState(systemFlags & ~systemFlag, keywords);
    }

    /** The keywords as stored: sorted, space separated (IMAP atoms never contain a space). */
    public String keywordText() {
        return String.join(" ", new TreeSet<>(keywords));
    }

    public static FlagState parse(int systemFlags, String keywordText) {
        if (keywordText == null || keywordText.isEmpty()) {
            return plain(systemFlags);
        }
        return new FlagState(systemFlags, Set.of(keywordText.split(" ")));
    }
}

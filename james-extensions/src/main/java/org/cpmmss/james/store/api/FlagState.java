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

    public static final FlagState NONE = new FlagState(0, Set.of());

    public FlagState {
        keywords = Set.copyOf(new TreeSet<>(keywords));
    }

    public static FlagState of(int systemFlags, Collection<String> keywords) {
        return new FlagState(systemFlags, Set.copyOf(keywords));
    }

    public boolean has(int systemFlag) {
        return (systemFlags & systemFlag) != 0;
    }

    public FlagState with(int systemFlag) {
        return new FlagState(systemFlags | systemFlag, keywords);
    }

    public FlagState without(int systemFlag) {
        return new FlagState(systemFlags & ~systemFlag, keywords);
    }

    /** The keywords as stored: sorted, space separated (IMAP atoms never contain a space). */
    public String keywordText() {
        return String.join(" ", new TreeSet<>(keywords));
    }

    public static FlagState parse(int systemFlags, String keywordText) {
        if (keywordText == null || keywordText.isEmpty()) {
            return new FlagState(systemFlags, Set.of());
        }
        return new FlagState(systemFlags, Set.of(keywordText.split(" ")));
    }
}

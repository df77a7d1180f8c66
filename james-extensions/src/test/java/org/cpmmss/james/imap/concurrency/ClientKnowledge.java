package org.cpmmss.james.imap.concurrency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an IMAP client knows of its selected mailbox, replayed from the responses it read, in order: the message
 * count (EXISTS, EXPUNGE) and the keywords announced in FLAGS. {@link #read} records every violation the way
 * imaptest's state checking does: a sequence number above the count, a keyword used in FETCH before FLAGS
 * named it, an EXPUNGE during a command that must not carry one.
 */
final class ClientKnowledge {
    private static final Pattern NUMBERED = Pattern.compile("^\\* (\\d+) (EXISTS|EXPUNGE|RECENT|FETCH)\\b(.*)", Pattern.DOTALL);
    private static final Pattern FLAGS_LINE = Pattern.compile("^\\* FLAGS \\(([^)]*)\\)");
    private static final Pattern FETCH_FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");

    private long count;
    private final Set<String> keywords = new LinkedHashSet<>();
    private final List<String> violations = new ArrayList<>();

    /** Reads the responses of one command; {@code expungeAllowed} is false for FETCH, STORE and SEARCH. */
    void read(List<String> lines, boolean expungeAllowed) {
        for (String line : lines) {
            Matcher flags = FLAGS_LINE.matcher(line);
            if (flags.find()) {
                keywords.clear();
                for (String flag : flags.group(1).split(" ")) {
                    if (!flag.isEmpty() && !flag.startsWith("\\")) {
                        keywords.add(flag);
                    }
                }
                continue;
            }
            Matcher numbered = NUMBERED.matcher(line);
            if (!numbered.find()) {
                continue;
            }
            long number = Long.parseLong(numbered.group(1));
            String kind = numbered.group(2);
            if (kind.equals("EXISTS")) {
                if (number < count) {
                    violations.add("EXISTS shrank from " + count + ": " + line);
                }
                count = number;
            } else if (number > count) {
                violations.add("seq too high (" + number + " > " + count + "): " + line);
            } else if (kind.equals("EXPUNGE")) {
                if (!expungeAllowed) {
                    violations.add("EXPUNGE during FETCH/STORE/SEARCH: " + line);
                }
                count--;
            } else if (kind.equals("FETCH")) {
                Matcher used = FETCH_FLAGS.matcher(numbered.group(3));
                if (used.find()) {
                    for (String flag : used.group(1).split(" ")) {
                        if (!flag.isEmpty() && !flag.startsWith("\\") && !keywords.contains(flag)) {
                            violations.add("keyword " + flag + " used before FLAGS named it: " + line);
                        }
                    }
                }
            }
        }
    }

    long count() {
        return count;
    }

    List<String> violations() {
        return violations;
    }
}

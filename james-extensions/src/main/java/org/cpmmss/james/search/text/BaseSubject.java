package org.cpmmss.james.search.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base subject of RFC 5256 section 2.1, as SORT (SUBJECT) compares it: encoded words already decoded by the
 * caller, white space collapsed, trailing "(fwd)" and leading "Re:", "Fw:", "Fwd:" (with their "[blob]"s)
 * removed, a leading "[blob]" removed when something remains, a "[fwd: ...]" wrapper unwrapped; the result is
 * upper-cased for the {@code i;ascii-casemap} comparison.
 */
public final class BaseSubject {
    private static final Pattern BLOB = Pattern.compile("^\\[[^\\[\\]]*\\][ \\t]*");
    private static final Pattern REFWD = Pattern.compile("^(?:\\[[^\\[\\]]*\\][ \\t]*)*(?:re|fwd?)[ \\t]*(?:\\[[^\\[\\]]*\\][ \\t]*)?:",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILER = Pattern.compile("(?:[ \\t]+|\\(fwd\\))$", Pattern.CASE_INSENSITIVE);

    private BaseSubject() {
    }

    public static String of(String decodedSubject) {
        if (decodedSubject == null) {
            return "";
        }
        String subject = decodedSubject.replaceAll("[\\r\\n]+", "").replaceAll("[ \\t]+", " ");
        while (true) {
            subject = removeTrailers(subject);
            subject = removeLeaders(subject);
            String lower = subject.toLowerCase(Locale.ROOT);
            if (lower.startsWith("[fwd:") && subject.endsWith("]")) {
                subject = subject.substring(5, subject.length() - 1);
                continue;
            }
            return subject.trim().toUpperCase(Locale.ROOT);
        }
    }

    private static String removeTrailers(String subject) {
        String current = subject;
        while (true) {
            Matcher m = TRAILER.matcher(current);
            if (!m.find()) {
                return current;
            }
            current = current.substring(0, m.start());
        }
    }

    /** Steps 3 to 5: leaders, then a leading blob when it does not leave the subject empty, until nothing changes. */
    private static String removeLeaders(String subject) {
        String current = subject;
        while (true) {
            String before = current;
            while (true) {
                String stripped = current.replaceFirst("^[ \\t]+", "");
                Matcher m = REFWD.matcher(stripped);
                if (m.find()) {
                    stripped = stripped.substring(m.end());
                }
                if (stripped.equals(current)) {
                    break;
                }
                current = stripped;
            }
            Matcher blob = BLOB.matcher(current);
            if (blob.find() && !current.substring(blob.end()).isEmpty()) {
                current = current.substring(blob.end());
            }
            if (current.equals(before)) {
                return current;
            }
        }
    }
}

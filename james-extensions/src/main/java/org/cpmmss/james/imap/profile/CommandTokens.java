package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits a recorded IMAP command line into top-level tokens (atoms, quoted strings, parenthesised groups; an
 * atom keeps its {@code [section]} and {@code <partial>} parts) and extracts the FETCH and STATUS item lists in
 * the order the client wrote them. Anything unexpected yields an empty result: the caller then keeps James's order.
 */
final class CommandTokens {
    private CommandTokens() {
    }

    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            if (c == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
            } else if (c == '(') {
                i = skipGroup(text, i, '(', ')');
            } else {
                while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\r' && text.charAt(i) != '\n'
                    && text.charAt(i) != '(' && text.charAt(i) != ')') {
                    if (text.charAt(i) == '[') {
                        i = skipGroup(text, i, '[', ']');
                    } else {
                        i++;
                    }
                }
                if (i == start) {
                    i++;
                }
            }
            tokens.add(text.substring(start, Math.min(i, n)));
        }
        return tokens;
    }

    private static int skipGroup(String text, int from, char open, char close) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return text.length();
    }

    private static boolean isGroup(String token) {
        return token.startsWith("(") && token.endsWith(")");
    }

    private static String inner(String group) {
        return group.substring(1, group.length() - 1);
    }

    /** FETCH item names in request order (macros expanded, upper case), or empty if the line is not understood. */
    static Optional<List<String>> fetchItems(String recorded) {
        List<String> tokens = split(recorded);
        int i = 1;
        if (tokens.size() > i && tokens.get(i).equalsIgnoreCase("UID")) {
            i++;
        }
        if (tokens.size() < i + 3 || !tokens.get(i).equalsIgnoreCase("FETCH")) {
            return Optional.empty();
        }
        String attributes = tokens.get(i + 2);
        List<String> items = new ArrayList<>();
        for (String item : isGroup(attributes) ? split(inner(attributes)) : List.of(attributes)) {
            String upper = item.toUpperCase(Locale.US);
            switch (upper) {
                case "ALL":
                    items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
                    break;
                case "FAST":
                    items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
                    break;
                case "FULL":
                    items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"));
                    break;
                default:
                    items.add(upper);
            }
        }
        return Optional.of(items);
    }

    /** STATUS item names in request order, for STATUS and for LIST … RETURN (… STATUS (…) …). */
    static Optional<List<String>> statusItems(String recorded) {
        List<String> tokens = split(recorded);
        if (tokens.size() < 2) {
            return Optional.empty();
        }
        String command = tokens.get(1).toUpperCase(Locale.US);
        if (command.equals("STATUS")) {
            String last = tokens.get(tokens.size() - 1);
            return isGroup(last) ? Optional.of(upper(split(inner(last)))) : Optional.empty();
        }
        if (command.equals("LIST")) {
            for (int i = 2; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).equalsIgnoreCase("RETURN") && isGroup(tokens.get(i + 1))) {
                    List<String> options = split(inner(tokens.get(i + 1)));
                    for (int j = 0; j + 1 < options.size(); j++) {
                        if (options.get(j).equalsIgnoreCase("STATUS") && isGroup(options.get(j + 1))) {
                            return Optional.of(upper(split(inner(options.get(j + 1)))));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> upper(List<String> items) {
        List<String> result = new ArrayList<>();
        items.forEach(item -> result.add(item.toUpperCase(Locale.US)));
        return result;
    }
}

package org.cpmmss.james.imap.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the mailboxes of an RFC 5322 address-list header value (3.4), groups flattened, with the personal name
 * RFC 3501's ENVELOPE gives: the display name ({@code "Real Name" <u@d>}, quoted strings unquoted, encoded words
 * kept as sent) or, for a bare {@code u@d (Real Name)}, the comment, as Dovecot and most servers do. Lenient: what it
 * cannot read yields no mailbox rather than an exception.
 */
final class AddressListParser {
    /** One mailbox: personal name (null when none), local part, domain. */
    static final class Mailbox {
        final String personal;
        final String local;
        final String domain;

        Mailbox(String personal, String local, String domain) {
            this.personal = personal;
            this.local = local;
            this.domain = domain;
        }
    }

    private enum Kind { WORD, QUOTED, COMMENT, SPECIAL }

    private static final class Token {
        final Kind kind;
        final String text;

        Token(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        boolean is(char special) {
            return kind == Kind.SPECIAL && text.charAt(0) == special;
        }
    }

    private AddressListParser() {
    }

    static List<Mailbox> mailboxes(String value) {
        List<Mailbox> found = new ArrayList<>();
        List<Token> segment = new ArrayList<>();
        boolean inAngle = false;
        for (Token token : tokens(value)) {
            if (token.is('<')) {
                inAngle = true;
            } else if (token.is('>')) {
                inAngle = false;
            } else if (!inAngle && token.is(':')) {
                segment.clear(); // a group's display name
                continue;
            } else if (!inAngle && (token.is(',') || token.is(';'))) {
                mailbox(segment).ifPresent(found::add);
                segment.clear();
                continue;
            }
            segment.add(token);
        }
        mailbox(segment).ifPresent(found::add);
        return found;
    }

    private static java.util.Optional<Mailbox> mailbox(List<Token> segment) {
        int open = indexOf(segment, '<');
        if (open >= 0) {
            StringBuilder phrase = new StringBuilder();
            for (Token token : segment.subList(0, open)) {
                if (token.kind == Kind.WORD || token.kind == Kind.QUOTED) {
                    phrase.append(phrase.length() > 0 ? " " : "").append(token.text);
                }
            }
            List<Token> inside = new ArrayList<>();
            for (Token token : segment.subList(open + 1, segment.size())) {
                if (token.is('>')) {
                    break;
                }
                inside.add(token);
            }
            int routeEnd = indexOf(inside, ':');
            return addrSpec(inside.subList(routeEnd + 1, inside.size()), phrase.length() > 0 ? phrase.toString() : null);
        }
        String comment = null;
        for (Token token : segment) {
            if (token.kind == Kind.COMMENT && !token.text.isBlank()) {
                comment = token.text.trim();
            }
        }
        return addrSpec(segment, comment);
    }

    private static java.util.Optional<Mailbox> addrSpec(List<Token> tokens, String personal) {
        StringBuilder local = new StringBuilder();
        StringBuilder domain = new StringBuilder();
        boolean atSeen = false;
        for (Token token : tokens) {
            if (token.kind == Kind.COMMENT) {
                continue;
            }
            if (token.is('@') && !atSeen) {
                atSeen = true;
                continue;
            }
            (atSeen ? domain : local).append(token.text);
        }
        if (!atSeen || local.length() == 0 || domain.length() == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Mailbox(personal, local.toString(), domain.toString()));
    }

    private static int indexOf(List<Token> tokens, char special) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(special)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Token> tokens(String value) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                StringBuilder text = new StringBuilder();
                int depth = 0;
                for (; i < n; i++) {
                    char d = value.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        text.append(value.charAt(++i));
                        continue;
                    }
                    if (d == '(' && depth++ == 0) {
                        continue;
                    }
                    if (d == ')' && --depth == 0) {
                        i++;
                        break;
                    }
                    text.append(d);
                }
                tokens.add(new Token(Kind.COMMENT, text.toString()));
            } else if (c == '"') {
                StringBuilder text = new StringBuilder();
                for (i++; i < n && value.charAt(i) != '"'; i++) {
                    char d = value.charAt(i);
                    text.append(d == '\\' && i + 1 < n ? value.charAt(++i) : d);
                }
                i++;
                tokens.add(new Token(Kind.QUOTED, text.toString()));
            } else if (",:;<>@.[]".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(value.charAt(i)) && "()\",:;<>@.[]".indexOf(value.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, value.substring(start, i)));
            }
        }
        return tokens;
    }
}

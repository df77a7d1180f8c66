package org.cpmmss.james.search.postgresql;

/**
 * Writes lexemes into PostgreSQL's {@code tsquery} input form (no text search configuration is applied: a lexeme is
 * matched as written): quoted, embedded quotes and backslashes doubled.
 */
final class TsQueries {
    private TsQueries() {
    }

    /** One lexeme, matched whole. */
    static String quote(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Lexemes beginning with this one. */
    static String prefix(String lexeme) {
        return quote(lexeme) + ":*";
    }
}

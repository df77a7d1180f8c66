package org.cpmmss.james.search.postgresql;

/**
 * Writes lexemes into PostgreSQL's {@code tsquery} input form (no text search configuration is applied: a lexeme is
 * matched as written): quoted, embedded quotes and backslashes doubled.
 */
final class TsQueries {
    /**
     * The lexeme of a row whose own lexemes do not fit a tsvector: every prefilter accepts it ({@link #orEveryRow}).
     * It is never a trigram lexeme (those begin with 'b' or 'h' and have four characters) nor a word.
     */
    static final String EVERY_ROW = "*";
    private TsQueries() {
    }

    /** One lexeme, matched whole. */
    static String quote(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The query, or a row without lexemes of its own (one GIN search, where "IS NULL OR" would scan the table). */
    static String orEveryRow(String query) {
        return "(" + query + ") | " + quote(EVERY_ROW);
    }

    /** Lexemes beginning with this one. */
    static String prefix(String lexeme) {
        return quote(lexeme) + ":*";
    }
}

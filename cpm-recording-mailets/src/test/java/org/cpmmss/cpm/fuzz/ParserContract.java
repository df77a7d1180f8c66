package org.cpmmss.cpm.fuzz;

import org.cpmmss.cpm.CpmFormatException;

/**
 * What every CPM parser promises for any input: a value or a {@link CpmFormatException} with a reason.
 * Any other throwable escapes to Jazzer and is a finding.
 */
final class ParserContract {
    @FunctionalInterface
    interface Parser {
        void parse(byte[] input) throws CpmFormatException;
    }

    private ParserContract() {
    }

    static void valueOrTypedError(Parser parser, byte[] input) {
        try {
            parser.parse(input);
        } catch (CpmFormatException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new IllegalStateException("CpmFormatException without a reason", e);
            }
        }
    }
}

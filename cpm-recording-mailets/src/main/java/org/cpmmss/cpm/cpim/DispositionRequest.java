package org.cpmmss.cpm.cpim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.cpmmss.cpm.CpmFormatException;

/** The tokens of the CPIM header {@code imdn.Disposition-Notification} (RFC 5438 §6.2). */
public enum DispositionRequest {
    POSITIVE_DELIVERY("positive-delivery"),
    NEGATIVE_DELIVERY("negative-delivery"),
    DISPLAY("display"),
    PROCESSING("processing");

    private final String token;

    DispositionRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** Parses {@code positive-delivery, display}; unknown or empty tokens are a format error. */
    public static Set<DispositionRequest> parseHeader(String value) throws CpmFormatException {
        Set<DispositionRequest> out = EnumSet.noneOf(DispositionRequest.class);
        for (String t : value.split(",", -1)) {
            String tok = t.trim().toLowerCase(Locale.ROOT);
            DispositionRequest found = null;
            for (DispositionRequest r : values()) {
                if (r.token.equals(tok)) {
                    found = r;
                }
            }
            if (found == null) {
                throw new CpmFormatException("unknown imdn.Disposition-Notification token \""
                        + (tok.length() > 40 ? tok.substring(0, 40) + "…" : tok) + "\"");
            }
            out.add(found);
        }
        return out;
    }

    /** Writes the tokens in the canonical order, comma-separated. */
    public static String formatHeader(Set<DispositionRequest> requests) {
        return requests.stream().sorted().map(DispositionRequest::token).collect(Collectors.joining(", "));
    }
}

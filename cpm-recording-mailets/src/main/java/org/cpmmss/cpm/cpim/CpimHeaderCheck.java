package org.cpmmss.cpm.cpim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddressNormalizer;

/**
 * The checks a recorded CPIM message must pass beyond parsing (RFC 3862 §3.3): {@code From}, {@code To} and
 * {@code cc} are {@code [Formal-name] <URI>} with a tel:, sip:, sips:, im: or pres: URI (tel: and sip: ones
 * must be CPM addresses), and {@code DateTime} is an RFC 3339 date-time.
 */
public final class CpimHeaderCheck {
    private static final List<String> URI_SCHEMES = List.of("tel:", "sip:", "sips:", "im:", "pres:");
    private final CpmAddressNormalizer normalizer;

    /** A check refusing national numbers (no country code configured). */
    public CpimHeaderCheck() {
        this(new CpmAddressNormalizer());
    }

    /** A check normalising tel: and sip: URIs with {@code normalizer} (the configured country code). */
    public CpimHeaderCheck(CpmAddressNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    public void check(CpimMessage cpim) throws CpmFormatException {
        Optional<String> from = cpim.from();
        if (from.isPresent()) {
            address("From", from.get());
        }
        for (String to : cpim.to()) {
            address("To", to);
        }
        for (var field : cpim.headers()) {
            if (field.name().equalsIgnoreCase("cc")) {
                address("cc", field.value());
            }
        }
        Optional<String> dateTime = cpim.header("DateTime");
        if (dateTime.isPresent()) {
            try {
                CpmDates.parseDateTime(dateTime.get());
            } catch (CpmFormatException e) {
                throw new CpmFormatException("CPIM DateTime: " + e.reason(), e);
            }
        }
    }

    private void address(String header, String value) throws CpmFormatException {
        String v = value.trim();
        int open = v.lastIndexOf('<');
        if (open < 0 || !v.endsWith(">") || v.indexOf('>') != v.length() - 1) {
            throw new CpmFormatException("CPIM " + header + ": not [name] <URI>: \"" + shorten(v) + "\"");
        }
        String uri = v.substring(open + 1, v.length() - 1).trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (URI_SCHEMES.stream().noneMatch(lower::startsWith) || uri.length() == lower.indexOf(':') + 1
                || uri.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '"' || c == 0x7f)) {
            throw new CpmFormatException("CPIM " + header + ": not a tel:, sip:, sips:, im: or pres: URI: \"" + shorten(uri) + "\"");
        }
        if (lower.startsWith("tel:") || lower.startsWith("sip:")) {
            try {
                normalizer.normalize(uri);
            } catch (CpmFormatException e) {
                throw new CpmFormatException("CPIM " + header + ": " + e.reason(), e);
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

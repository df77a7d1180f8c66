package org.cpmmss.cpm.address;

import java.util.Objects;

/**
 * A normalised CPM address. Only {@link CpmAddressNormalizer} produces instances from untrusted text.
 *
 * <ul>
 *   <li>{@link Kind#TEL}: {@code value} is the global number {@code +E164}, the URI is {@code tel:+E164};</li>
 *   <li>{@link Kind#SIP}: {@code value} is {@code user@host} (host lower-cased), the URI is {@code sip:user@host};</li>
 *   <li>{@link Kind#ANONYMOUS}: the URI is {@code sip:anonymous@anonymous.invalid}.</li>
 * </ul>
 */
public record CpmAddress(Kind kind, String value) {
    public static final String ANONYMOUS_URI = "sip:anonymous@anonymous.invalid";
    public static final CpmAddress ANONYMOUS = new CpmAddress(Kind.ANONYMOUS, "anonymous@anonymous.invalid");

    public enum Kind { TEL, SIP, ANONYMOUS }

    public CpmAddress {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(value);
    }

    /** The canonical URI form used in headers and folder names: {@code tel:+E164}, {@code sip:user@host}. */
    public String uri() {
        return switch (kind) {
            case TEL -> "tel:" + value;
            case SIP -> "sip:" + value;
            case ANONYMOUS -> ANONYMOUS_URI;
        };
    }

    /**
     * The address of a canonical URI as {@link #uri()} writes it (trusted text the server wrote itself, e.g. mail
     * attributes): {@code tel:+E164}, {@code sip:user@host}, {@link #ANONYMOUS_URI}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static CpmAddress fromCanonicalUri(String uri) {
        if (uri.equals(ANONYMOUS_URI)) {
            return ANONYMOUS;
        }
        if (uri.startsWith("tel:+") && uri.length() > 5) {
            return new CpmAddress(Kind.TEL, uri.substring(4));
        }
        if (uri.startsWith("sip:") && uri.indexOf('@') > 4) {
            return new CpmAddress(Kind.SIP, uri.substring(4));
        }
        throw new IllegalArgumentException("not a canonical CPM address: " + uri);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    @Override
    public String toString() {
        return uri();
    }
}

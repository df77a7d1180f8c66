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

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    @Override
    public String toString() {
        return uri();
    }
}

package org.cpmmss.cpm.address;

import java.util.Locale;
import java.util.Optional;

/**
 * The one normalising function for CPM addresses, used by every front door.
 *
 * <ul>
 *   <li>{@code tel:+33 6-12.34(56)78} → {@code tel:+33612345678} (RFC 3966 visual separators removed, URI
 *       parameters dropped);</li>
 *   <li>a bare {@code +33612345678} → {@code tel:+33612345678};</li>
 *   <li>{@code sip:+33612345678@ims.example.com;user=phone} → {@code tel:+33612345678};</li>
 *   <li>other {@code sip:}/{@code sips:} URIs → {@code sip:user@host} (host lower-cased; port, parameters
 *       and headers dropped);</li>
 *   <li>{@code sip:anonymous@anonymous.invalid} (and {@code anonymous}) → {@link CpmAddress#ANONYMOUS};</li>
 *   <li>a national number ({@code tel:06…} or {@code tel:6…;phone-context=…}) is refused unless a country
 *       code is configured; then a single leading trunk {@code 0} is dropped and the country code prefixed.</li>
 * </ul>
 * Angle brackets and a display name ({@code "Bob" <tel:+1…>}) around the URI are accepted.
 */
public final class CpmAddressNormalizer {
    /** Longest input accepted. */
    public static final int MAX_LENGTH = 512;

    private final Optional<String> countryCode;

    /** A normaliser refusing national numbers. */
    public CpmAddressNormalizer() {
        this.countryCode = Optional.empty();
    }

    /**
     * @param countryCode country calling code used to globalise national numbers, digits only,
     *                    with or without a leading {@code +} (e.g. {@code "33"} or {@code "+33"})
     */
    public CpmAddressNormalizer(String countryCode) {
        String cc = countryCode.startsWith("+") ? countryCode.substring(1) : countryCode;
        if (!cc.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country code must be 1 to 3 digits: " + countryCode);
        }
        this.countryCode = Optional.of(cc);
    }

    public Optional<String> countryCode() {
        return countryCode;
    }

    public CpmAddress normalize(String raw) throws InvalidAddressException {
        if (raw == null) {
            throw new InvalidAddressException("address is missing");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidAddressException("address longer than " + MAX_LENGTH + " characters");
        }
        String s = stripDisplayName(raw.trim());
        if (s.isEmpty()) {
            throw new InvalidAddressException("address is empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidAddressException("address contains control characters: " + printable(raw));
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("anonymous") || lower.equals("anonymous@anonymous.invalid")) {
            return CpmAddress.ANONYMOUS;
        }
        if (lower.startsWith("tel:")) {
            return tel(s.substring(4), raw);
        }
        if (lower.startsWith("sip:")) {
            return sip(s.substring(4), raw);
        }
        if (lower.startsWith("sips:")) {
            return sip(s.substring(5), raw);
        }
        if (s.startsWith("+")) {
            return tel(s, raw);
        }
        throw new InvalidAddressException("not a tel: or sip: URI: " + printable(raw));
    }

    private static String stripDisplayName(String s) throws InvalidAddressException {
        int lt = s.indexOf('<');
        if (lt < 0) {
            if (s.indexOf('>') >= 0) {
                throw new InvalidAddressException("unbalanced angle brackets in address: " + printable(s));
            }
            return s;
        }
        int gt = s.indexOf('>', lt);
        if (gt < 0 || !s.substring(gt + 1).isBlank() || s.indexOf('<', lt + 1) >= 0) {
            throw new InvalidAddressException("unbalanced angle brackets in address: " + printable(s));
        }
        return s.substring(lt + 1, gt).trim();
    }

    private CpmAddress tel(String body, String raw) throws InvalidAddressException {
        String[] parts = body.split(";", -1);
        String number = parts[0];
        String context = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            if (p.startsWith("phone-context=")) {
                context = parts[i].substring("phone-context=".length());
            }
        }
        StringBuilder digits = new StringBuilder();
        boolean global = false;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == '+' && i == 0) {
                global = true;
            } else if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '-' || c == '.' || c == '(' || c == ')' || c == ' ') {
                // RFC 3966 visual separators
            } else {
                throw new InvalidAddressException("telephone number contains '" + c + "': " + printable(raw));
            }
        }
        if (digits.isEmpty()) {
            throw new InvalidAddressException("telephone number has no digits: " + printable(raw));
        }
        if (!global) {
            if (context != null && context.startsWith("+") && context.substring(1).matches("[0-9]{1,3}")) {
                digits.insert(0, context.substring(1));
            } else if (countryCode.isPresent()) {
                String national = digits.charAt(0) == '0' ? digits.substring(1) : digits.toString();
                digits.setLength(0);
                digits.append(countryCode.get()).append(national);
            } else {
                throw new InvalidAddressException("national number refused (no country code configured): " + printable(raw));
            }
        }
        if (digits.charAt(0) == '0') {
            throw new InvalidAddressException("E.164 number cannot start with 0: " + printable(raw));
        }
        if (digits.length() < 3 || digits.length() > 15) {
            throw new InvalidAddressException("E.164 number must have 3 to 15 digits: " + printable(raw));
        }
        return new CpmAddress(CpmAddress.Kind.TEL, "+" + digits);
    }

    private CpmAddress sip(String body, String raw) throws InvalidAddressException {
        String hdrless = body;
        int q = hdrless.indexOf('?');
        if (q >= 0) {
            hdrless = hdrless.substring(0, q);
        }
        int at = hdrless.lastIndexOf('@');
        if (at <= 0) {
            throw new InvalidAddressException("SIP URI needs user@host: " + printable(raw));
        }
        String user = hdrless.substring(0, at);
        String hostAndParams = hdrless.substring(at + 1);
        String[] hp = hostAndParams.split(";", -1);
        String host = hp[0];
        boolean userPhone = false;
        for (int i = 1; i < hp.length; i++) {
            if (hp[i].equalsIgnoreCase("user=phone")) {
                userPhone = true;
            }
        }
        int userParams = user.indexOf(';');
        if (userParams >= 0) {
            user = user.substring(0, userParams);
        }
        int pw = user.indexOf(':');
        if (pw >= 0) {
            user = user.substring(0, pw);
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                throw new InvalidAddressException("bad IPv6 host in SIP URI: " + printable(raw));
            }
            host = host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                host = host.substring(0, colon);
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        if (user.isEmpty() || host.isEmpty()) {
            throw new InvalidAddressException("SIP URI needs user@host: " + printable(raw));
        }
        if (!host.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) {
            throw new InvalidAddressException("bad host in SIP URI: " + printable(raw));
        }
        if (!user.matches("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+")) {
            throw new InvalidAddressException("bad user part in SIP URI: " + printable(raw));
        }
        if (user.equalsIgnoreCase("anonymous") && host.equals("anonymous.invalid")) {
            return CpmAddress.ANONYMOUS;
        }
        if (userPhone || user.startsWith("+")) {
            if (user.startsWith("+") && user.substring(1).matches("[0-9\\-.()]+")) {
                return tel(user, raw);
            }
            if (userPhone) {
                return tel(user, raw);
            }
        }
        return new CpmAddress(CpmAddress.Kind.SIP, user + "@" + host);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > n) {
            b.append('…');
        }
        return b.toString();
    }
}

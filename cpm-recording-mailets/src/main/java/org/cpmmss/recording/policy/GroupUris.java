package org.cpmmss.recording.policy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;

/**
 * The conference-factory and group session URIs of {@code cpm.group.conference-factory-uris} (design.md, "Group or
 * 1-1"): an object whose {@code To} names one of them belongs to a group conversation. A SIP URI whose user part is
 * {@code Conference-Factory} (any case) is recognised without being listed. URIs are compared in their normalised
 * form ({@code sip:user@host}, host lower-cased), the user part case-insensitively.
 */
public final class GroupUris {
    public static final String CONFERENCE_FACTORY_USER = "conference-factory";

    private final Set<String> uris;

    private GroupUris(Set<String> uris) {
        this.uris = Set.copyOf(uris);
    }

    /** No listed URI: only {@code Conference-Factory} user parts are recognised. */
    public static GroupUris none() {
        return new GroupUris(Set.of());
    }

    /**
     * @param key the configuration key, named in the error
     * @param commaSeparated the configured value (empty: none)
     * @throws IllegalArgumentException naming the key and the entry when an entry is not a tel:/sip: URI
     */
    public static GroupUris parse(String key, String commaSeparated, CpmAddressNormalizer normalizer) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : commaSeparated.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            try {
                out.add(canonical(normalizer.normalize(e)));
            } catch (CpmFormatException ex) {
                throw new IllegalArgumentException(key + ": \"" + e + "\" is not a group URI: " + ex.reason(), ex);
            }
        }
        return new GroupUris(out);
    }

    /** True when {@code address} is a conference factory or a listed group session URI. */
    public boolean isGroupUri(CpmAddress address) {
        if (address.kind() == CpmAddress.Kind.SIP) {
            String user = address.value().substring(0, address.value().lastIndexOf('@'));
            if (user.equalsIgnoreCase(CONFERENCE_FACTORY_USER)) {
                return true;
            }
        }
        return !address.isAnonymous() && uris.contains(canonical(address));
    }

    public Set<String> uris() {
        return uris;
    }

    private static String canonical(CpmAddress address) {
        return address.uri().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupUris other && other.uris.equals(uris);
    }

    @Override
    public int hashCode() {
        return uris.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", uris);
    }
}

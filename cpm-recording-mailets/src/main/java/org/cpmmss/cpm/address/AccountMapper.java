package org.cpmmss.cpm.address;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps a normalised CPM address to the James account storing its objects (design.md):
 * {@code tel:+E164} → {@code +E164@<default domain>}, {@code sip:user@host} → {@code user@host} when
 * {@code host} is hosted here. Anonymous and foreign addresses have no account.
 */
public final class AccountMapper {
    private final String defaultDomain;
    private final Set<String> hostedDomains;

    /**
     * @param defaultDomain the domain of accounts created for telephone numbers (always hosted)
     * @param hostedDomains further domains hosted by this server
     */
    public AccountMapper(String defaultDomain, Set<String> hostedDomains) {
        if (defaultDomain == null || !defaultDomain.matches("[A-Za-z0-9.\\-]+")) {
            throw new IllegalArgumentException("bad default domain: " + defaultDomain);
        }
        this.defaultDomain = defaultDomain.toLowerCase(Locale.ROOT);
        this.hostedDomains = Stream.concat(hostedDomains.stream(), Stream.of(defaultDomain))
                .map(d -> d.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public String defaultDomain() {
        return defaultDomain;
    }

    public Set<String> hostedDomains() {
        return hostedDomains;
    }

    public boolean isHosted(CpmAddress address) {
        return account(address).isPresent();
    }

    /** The account name ({@code local@domain}) of an address hosted here, empty otherwise. */
    public Optional<String> account(CpmAddress address) {
        return switch (address.kind()) {
            case TEL -> Optional.of(address.value() + "@" + defaultDomain);
            case SIP -> {
                String v = address.value();
                String host = v.substring(v.lastIndexOf('@') + 1);
                yield hostedDomains.contains(host) ? Optional.of(v) : Optional.empty();
            }
            case ANONYMOUS -> Optional.empty();
        };
    }

    /** Like {@link #account(CpmAddress)} but fails with a typed error when the address is not hosted. */
    public String requireAccount(CpmAddress address) throws InvalidAddressException {
        return account(address).orElseThrow(
                () -> new InvalidAddressException("address is not hosted on this server: " + address.uri()));
    }
}

package org.cpmmss.james.mailbox.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.cpm.address.AccountMapper;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.recording.port.OwnerDirectory;

/**
 * The one {@link OwnerDirectory} on James: the address-to-account mapping of design.md under the domains of James's
 * {@link DomainList}, plus the user list of its {@link UsersRepository}. Either unreadable is
 * {@link OwnerDirectory.DirectoryUnavailable}. The hosted domains (the mapper) are read at most every
 * {@link #DOMAINS_FOR} — the domain list's read cache of conf/domainlist.xml, so that a domain added or removed
 * over WebAdmin is seen by the doors within the same 10 s — instead of for every address of every object (James's
 * cache covers {@code containsDomain}, not the whole list: 5 % of the SIP door's CPU). Accounts are looked up each time.
 */
public class UsersRepositoryOwnerDirectory implements OwnerDirectory {
    /** How long a reading of the hosted domains is used. */
    static final Duration DOMAINS_FOR = Duration.ofSeconds(10);

    private record Reading(AccountMapper mapper, Instant until) {
    }

    private final DomainList domainList;
    private final UsersRepository usersRepository;
    private final Clock clock;
    private volatile Reading domains;

    @Inject
    public UsersRepositoryOwnerDirectory(DomainList domainList, UsersRepository usersRepository, Clock clock) {
        this.domainList = domainList;
        this.usersRepository = usersRepository;
        this.clock = clock;
    }

    @Override
    public Optional<String> account(CpmAddress address) {
        AccountMapper mapper = mapper();
        Optional<String> mapped = mapper.account(address).filter(this::isUser);
        if (mapped.isPresent() || address.kind() != CpmAddress.Kind.TEL) {
            return mapped;
        }
        for (String domain : mapper.hostedDomains()) {
            String candidate = address.value() + "@" + domain;
            if (isUser(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public AccountMapper mapper() {
        Instant now = clock.instant();
        Reading reading = domains;
        if (reading == null || !now.isBefore(reading.until())) {
            reading = new Reading(readMapper(), now.plus(DOMAINS_FOR));
            domains = reading;
        }
        return reading.mapper();
    }

    private AccountMapper readMapper() {
        try {
            Set<String> hosted = new LinkedHashSet<>();
            for (Domain domain : domainList.getDomains()) {
                hosted.add(domain.asString());
            }
            return new AccountMapper(domainList.getDefaultDomain().asString(), hosted);
        } catch (DomainListException e) {
            throw new DirectoryUnavailable("the domain list", e);
        }
    }

    @Override
    public boolean isUser(String account) {
        try {
            return usersRepository.contains(Username.of(account));
        } catch (IllegalArgumentException e) {
            return false; // not an account name
        } catch (Exception e) {
            throw new DirectoryUnavailable("the user directory", e);
        }
    }
}

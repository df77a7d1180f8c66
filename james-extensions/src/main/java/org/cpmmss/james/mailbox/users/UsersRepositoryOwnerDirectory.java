package org.cpmmss.james.mailbox.users;

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
 * {@link OwnerDirectory.DirectoryUnavailable}.
 */
public class UsersRepositoryOwnerDirectory implements OwnerDirectory {
    private final DomainList domainList;
    private final UsersRepository usersRepository;

    @Inject
    public UsersRepositoryOwnerDirectory(DomainList domainList, UsersRepository usersRepository) {
        this.domainList = domainList;
        this.usersRepository = usersRepository;
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

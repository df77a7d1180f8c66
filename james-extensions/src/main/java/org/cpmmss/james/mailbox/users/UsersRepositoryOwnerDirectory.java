package org.cpmmss.james.mailbox.users;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.cpmmss.cpm.address.AccountMapper;
import org.cpmmss.cpm.address.CpmAddress;

/** Which CPM addresses are users of this server: the one address-to-account mapping (design.md) plus the user list. */
public class UsersRepositoryOwnerDirectory {
    private final DomainList domainList;
    private final UsersRepository usersRepository;

    public UsersRepositoryOwnerDirectory(DomainList domainList, UsersRepository usersRepository) {
        this.domainList = domainList;
        this.usersRepository = usersRepository;
    }

    /** The domain list or the user directory could not be read: a temporary failure, not "no such user". */
    public static final class DirectoryUnavailable extends RuntimeException {
        DirectoryUnavailable(String what, Throwable cause) {
            super(what + " is unavailable", cause);
        }
    }

    /**
     * The account of {@code address} if it is hosted here and exists.
     *
     * @throws DirectoryUnavailable when the domain list or the user directory cannot be read
     */
    public Optional<String> account(CpmAddress address) {
        return mapper().account(address).filter(this::exists);
    }

    private AccountMapper mapper() {
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

    private boolean exists(String account) {
        try {
            return usersRepository.contains(Username.of(account));
        } catch (IllegalArgumentException e) {
            return false;
        } catch (UsersRepositoryException | RuntimeException e) {
            throw new DirectoryUnavailable("the user directory", e);
        }
    }
}

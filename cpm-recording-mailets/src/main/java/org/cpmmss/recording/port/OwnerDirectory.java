package org.cpmmss.recording.port;

import java.util.Optional;

import org.cpmmss.cpm.address.AccountMapper;
import org.cpmmss.cpm.address.CpmAddress;

/**
 * The one owner directory: which CPM addresses are users of this server, and under which account name
 * ({@link AccountMapper}: {@code tel:+E164} → {@code +E164@<default domain>}, {@code sip:user@host} →
 * {@code user@host} when {@code host} is hosted here). Every door and notifier asks here.
 *
 * <p>One failure rule: when the domain list or the user directory cannot be read, the answer is
 * {@link DirectoryUnavailable} (a temporary failure: the caller answers 4xx/503 or retries), never "no such user".
 * A name that cannot be an account name is simply not a user. Adapter: {@code UsersRepositoryOwnerDirectory}
 * (james-extensions, on James's DomainList and UsersRepository).</p>
 */
public interface OwnerDirectory {
    /** The domain list or the user directory could not be read: a temporary failure, not "no such user". */
    final class DirectoryUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DirectoryUnavailable(String what, Throwable cause) {
            super(what + " is unavailable", cause);
        }
    }

    /**
     * The account of {@code address} if it is hosted here and exists: the {@link #mapper()}'s account name when it is
     * a user, else for a {@code tel:} number the first hosted domain where {@code +E164@domain} is a user.
     *
     * @throws DirectoryUnavailable when the domain list or the user directory cannot be read
     */
    Optional<String> account(CpmAddress address);

    /**
     * True when {@code account} ({@code local@domain}) is a user here.
     *
     * @throws DirectoryUnavailable when the user directory cannot be read
     */
    boolean isUser(String account);

    /**
     * The mapping of addresses to account names under the domains hosted now (existence not checked).
     *
     * @throws DirectoryUnavailable when the domain list cannot be read
     */
    AccountMapper mapper();
}

package org.cpmmss.james.notifications;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.cpm.address.CpmAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which CPM addresses are accounts of this server, and the SMTP envelope address of a CPM address. */
public class HostedAccounts {
    private static final Logger LOGGER = LoggerFactory.getLogger(HostedAccounts.class);

    private final UsersRepository users;
    private final DomainList domains;

    @Inject
    public HostedAccounts(UsersRepository users, DomainList domains) {
        this.users = users;
        this.domains = domains;
    }

    /** The account of this server that is {@code address}, if any ({@code tel:} numbers under every hosted domain). */
    public Optional<String> account(CpmAddress address) {
        try {
            switch (address.kind()) {
                case SIP -> {
                    return users.contains(Username.of(address.value())) ? Optional.of(address.value()) : Optional.empty();
                }
                case TEL -> {
                    for (Domain d : domains.getDomains()) {
                        String candidate = address.value() + "@" + d.asString();
                        if (users.contains(Username.of(candidate))) {
                            return Optional.of(candidate);
                        }
                    }
                    return Optional.empty();
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (Exception e) {
            LOGGER.warn("cannot look up {}", address, e);
            return Optional.empty();
        }
    }

    /** The envelope recipient at the PF: the hosted account, else {@code +E164@<default domain>} or {@code user@host}. */
    public String envelopeRecipient(CpmAddress address) {
        return account(address).orElseGet(() -> {
            if (address.kind() != CpmAddress.Kind.TEL) {
                return address.value();
            }
            try {
                return address.value() + "@" + domains.getDefaultDomain().asString();
            } catch (Exception e) {
                return address.value() + "@localhost";
            }
        });
    }

    /** The CPM URI of an account: {@code tel:+E164} for a number, else {@code sip:local@domain}. */
    public static String uriOf(MailAddress account) {
        String local = account.getLocalPart();
        return local.startsWith("+") ? "tel:" + local : "sip:" + account.asString();
    }
}

package org.cpmmss.james.notifications;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.recording.port.OwnerDirectory;

/**
 * The notifications' view of accounts: the hosted account of a CPM address (asked of the one
 * {@link OwnerDirectory}, with its failure rule), and the SMTP envelope address of a CPM address at the PF.
 */
public class HostedAccounts {
    private final OwnerDirectory directory;
    private final DomainList domains;

    @Inject
    public HostedAccounts(OwnerDirectory directory, DomainList domains) {
        this.directory = directory;
        this.domains = domains;
    }

    /**
     * The account of this server that is {@code address}, if any.
     *
     * @throws OwnerDirectory.DirectoryUnavailable when the directory cannot be read
     */
    public Optional<String> account(CpmAddress address) {
        return directory.account(address);
    }

    /**
     * The envelope recipient at the PF: the hosted account, else {@code +E164@<default domain>} or {@code user@host}
     * (also when the directory cannot be read: the envelope is best effort, the PF routes by the number).
     */
    public String envelopeRecipient(CpmAddress address) {
        try {
            Optional<String> hosted = directory.account(address);
            if (hosted.isPresent()) {
                return hosted.get();
            }
        } catch (OwnerDirectory.DirectoryUnavailable e) {
            // best effort: the address's own account name below
        }
        if (address.kind() != CpmAddress.Kind.TEL) {
            return address.value();
        }
        try {
            return address.value() + "@" + domains.getDefaultDomain().asString();
        } catch (Exception e) {
            return address.value() + "@localhost";
        }
    }

    /** The CPM URI of an account: {@code tel:+E164} for a number, else {@code sip:local@domain}. */
    public static String uriOf(MailAddress account) {
        String local = account.getLocalPart();
        return local.startsWith("+") ? "tel:" + local : "sip:" + account.asString();
    }
}

package org.cpmmss.james.search.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * One address header (From, To, Cc, Bcc) as SEARCH and SORT see it.
 *
 * <p>{@link #searchable()}: the decoded header value followed by each address's personal name, its
 * {@code local@domain} form without comments or route, and group names, one per line; FROM/TO/CC/BCC match a
 * substring of any of them (RFC 3501 6.4.4). {@link #sortMailbox()}: the addr-mailbox of the first address
 * (a group's name for a group, as Dovecot does), upper-cased for {@code i;ascii-casemap} (RFC 5256).</p>
 */
public record AddressText(String searchable, String sortMailbox) {
    /** From the unfolded raw value (parsed; mime4j decodes the names) and the decoded value (searched as a whole). */
    public static AddressText of(String rawValue, String decodedValue) {
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(rawValue);
        } catch (RuntimeException e) {
            return new AddressText(decodedValue, "");
        }
        List<String> forms = new ArrayList<>();
        forms.add(decodedValue);
        String sortMailbox = null;
        for (Address address : list) {
            if (address instanceof Group group) {
                forms.add(group.getName());
                if (sortMailbox == null) {
                    sortMailbox = group.getName();
                }
                for (Mailbox mailbox : group.getMailboxes()) {
                    addForms(mailbox, forms);
                }
            } else if (address instanceof Mailbox mailbox) {
                addForms(mailbox, forms);
                if (sortMailbox == null) {
                    sortMailbox = mailbox.getLocalPart();
                }
            }
        }
        return new AddressText(String.join("\n", forms),
            sortMailbox == null ? "" : sortMailbox.toUpperCase(Locale.ROOT));
    }

    private static void addForms(Mailbox mailbox, List<String> forms) {
        if (mailbox.getName() != null) {
            forms.add(mailbox.getName());
        }
        forms.add(mailbox.getAddress());
    }
}

package org.cpmmss.james.imap.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.imap.message.response.FetchResponse.Envelope;
import org.apache.james.imap.message.response.FetchResponse.Envelope.Address;

/**
 * ENVELOPE addresses written {@code user@domain (Real Name)}: James's parser drops the comment and answers
 * {@code (NIL NIL "user" "domain")}; RFC 3501 servers (Dovecot, Cyrus) give the comment as the personal name,
 * {@code ("Real Name" NIL "user" "domain")}. This puts it back, field by field, from the header as sent
 * ({@link AddressListParser}); an address list it does not read exactly as James did is left as James built it.
 */
final class CommentPersonalNames {
    private final HeaderFields header;

    CommentPersonalNames(HeaderFields header) {
        this.header = header;
    }

    /** True when some address of the envelope has no personal name (the only case this may change). */
    static boolean mayNeedCorrection(Envelope envelope) {
        for (Address[] addresses : List.of(orEmpty(envelope.getFrom()), orEmpty(envelope.getSender()), orEmpty(envelope.getReplyTo()),
                orEmpty(envelope.getTo()), orEmpty(envelope.getCc()), orEmpty(envelope.getBcc()))) {
            for (Address address : addresses) {
                if (address.getHostName() != null && address.getPersonalName() == null) {
                    return true;
                }
            }
        }
        return false;
    }

    Envelope correct(Envelope envelope) {
        Address[] from = named(envelope.getFrom(), "From", null);
        Address[] sender = named(envelope.getSender(), "Sender", "From");
        Address[] replyTo = named(envelope.getReplyTo(), "Reply-To", "From");
        Address[] to = named(envelope.getTo(), "To", null);
        Address[] cc = named(envelope.getCc(), "Cc", null);
        Address[] bcc = named(envelope.getBcc(), "Bcc", null);
        return new CorrectedEnvelope(envelope, from, sender, replyTo, to, cc, bcc);
    }

    private Address[] named(Address[] james, String field, String fallbackField) {
        if (james == null) {
            return null;
        }
        Optional<String> value = header.value(field).filter(v -> !v.isBlank());
        if (value.isEmpty() && fallbackField != null) {
            value = header.value(fallbackField);
        }
        if (value.isEmpty()) {
            return james;
        }
        List<AddressListParser.Mailbox> sent = AddressListParser.mailboxes(value.get());
        List<Address> mailboxes = new ArrayList<>();
        for (Address address : james) {
            if (address.getHostName() != null) {
                mailboxes.add(address);
            }
        }
        if (mailboxes.size() != sent.size()) {
            return james;
        }
        for (int i = 0; i < sent.size(); i++) {
            if (!same(mailboxes.get(i), sent.get(i))) {
                return james;
            }
        }
        Address[] corrected = new Address[james.length];
        int next = 0;
        for (int i = 0; i < james.length; i++) {
            Address address = james[i];
            if (address.getHostName() != null) {
                AddressListParser.Mailbox mailbox = sent.get(next++);
                if (address.getPersonalName() == null && mailbox.personal != null) {
                    address = new NamedAddress(mailbox.personal, address);
                }
            }
            corrected[i] = address;
        }
        return corrected;
    }

    private static boolean same(Address james, AddressListParser.Mailbox sent) {
        return sent.local.equalsIgnoreCase(String.valueOf(james.getMailboxName()))
            && sent.domain.toLowerCase(Locale.US).equals(String.valueOf(james.getHostName()).toLowerCase(Locale.US));
    }

    private static Address[] orEmpty(Address[] addresses) {
        return addresses == null ? new Address[0] : addresses;
    }

    /** An address of James's with a personal name. */
    private static final class NamedAddress implements Address {
        private final String personal;
        private final Address address;

        NamedAddress(String personal, Address address) {
            this.personal = personal;
            this.address = address;
        }

        @Override
        public String getPersonalName() {
            return personal;
        }

        @Override
        public String getAtDomainList() {
            return address.getAtDomainList();
        }

        @Override
        public String getMailboxName() {
            return address.getMailboxName();
        }

        @Override
        public String getHostName() {
            return address.getHostName();
        }
    }
}

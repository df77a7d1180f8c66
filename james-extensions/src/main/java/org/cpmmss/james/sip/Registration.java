package org.cpmmss.james.sip;

import java.time.Instant;
import java.util.Optional;

/**
 * One registered CPM client of a hosted user: its contact URI, its {@code +sip.instance} (the device's
 * unique user agent identifier, when it sent one) and when the binding lapses.
 */
public record Registration(String account, String contact, Optional<String> instance, Instant expires) {
    /** What identifies the binding: the instance when known (RFC 5626), else the contact URI. */
    public String key() {
        return instance.orElse(contact);
    }
}

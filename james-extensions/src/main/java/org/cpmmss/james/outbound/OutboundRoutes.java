package org.cpmmss.james.outbound;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one outbound route choice (docs/notifications.md): the SIP bridge's route when {@code sip.outbound.pf} is
 * configured, else the SMTP relay when one is configured, else none (notifications are then only stored).
 */
public class OutboundRoutes {
    private final Supplier<Optional<OutboundRoute>> sip;
    private final Supplier<Optional<OutboundRoute>> smtp;

    public OutboundRoutes(Supplier<Optional<OutboundRoute>> sip, Supplier<Optional<OutboundRoute>> smtp) {
        this.sip = sip;
        this.smtp = smtp;
    }

    public Optional<OutboundRoute> current() {
        return sip.get().or(smtp);
    }
}

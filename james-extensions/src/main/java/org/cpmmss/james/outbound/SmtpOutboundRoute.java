package org.cpmmss.james.outbound;

import java.util.List;

/** The SMTP relay of the PF as an {@link OutboundRoute}: the object's bytes go out unchanged. */
public class SmtpOutboundRoute implements OutboundRoute {
    private final SmtpRelay relay;

    public SmtpOutboundRoute(SmtpRelay relay) {
        this.relay = relay;
    }

    @Override
    public String name() {
        return "smtp " + relay.target();
    }

    @Override
    public void send(byte[] object, String envelopeRecipient) throws SmtpRelay.RelayException {
        relay.send(object, List.of(envelopeRecipient));
    }
}

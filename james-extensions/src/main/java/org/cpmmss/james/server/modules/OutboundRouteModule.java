package org.cpmmss.james.server.modules;

import javax.inject.Singleton;

import org.apache.james.domainlist.api.DomainList;
import org.cpmmss.james.outbound.OutboundRoute;
import org.cpmmss.james.outbound.OutboundRoutes;
import org.cpmmss.james.outbound.OutboxSettings;
import org.cpmmss.james.outbound.SmtpOutboundRoute;
import org.cpmmss.james.outbound.SmtpRelay;
import org.cpmmss.james.sip.SipNotificationRoute;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The one outbound route choice of the notification outbox (docs/notifications.md): the SIP door's route when
 * {@code sip.outbound.pf} is set, else the SMTP relay. It sits in the assembly because it joins two doors' parts:
 * the notifications see only the {@link OutboundRoutes} port, never the SIP door.
 */
public class OutboundRouteModule extends AbstractModule {
    @Provides
    @Singleton
    OutboundRoutes outboundRoutes(SipNotificationRoute sip, OutboxSettings settings, DomainList domains) {
        return new OutboundRoutes(sip::available, () -> settings.relay()
            .map(target -> (OutboundRoute) new SmtpOutboundRoute(new SmtpRelay(target, envelopeFrom(domains)))));
    }

    private static String envelopeFrom(DomainList domains) {
        try {
            return "postmaster@" + domains.getDefaultDomain().asString();
        } catch (Exception e) {
            return "postmaster@localhost";
        }
    }
}

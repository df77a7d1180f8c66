package org.cpmmss.james.sip;

import org.cpmmss.recording.port.OwnerDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;

import javax.sip.address.Address;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddressNormalizer;

/**
 * REGISTER for the users this server hosts (RFC 3261 §10.3): adds, refreshes and removes the bindings of
 * the address-of-record in To (contact, {@code +sip.instance}, expiry; {@code Contact: *} with
 * {@code Expires: 0} removes all), answers 200 with the current bindings, 404 for an address that is not a
 * user here, 400 for a malformed request. When a client is (re)bound, the user's queued deferred messages
 * are pushed to it ({@link DeferredPusher}).
 */
final class SipRegistrar {
    private final SipMessages messages;
    private final OwnerDirectory users;
    private final RegistrationRepository registrations;
    private final DeferredPusher pusher;
    private final SipBridgeConfiguration configuration;
    private final Clock clock;
    private final CpmAddressNormalizer normalizer;

    SipRegistrar(SipMessages messages, OwnerDirectory users, RegistrationRepository registrations, DeferredPusher pusher,
                 SipBridgeConfiguration configuration, Clock clock, CpmAddressNormalizer normalizer) {
        this.normalizer = normalizer;
        this.messages = messages;
        this.users = users;
        this.registrations = registrations;
        this.pusher = pusher;
        this.configuration = configuration;
        this.clock = clock;
    }

    Response handle(Request request) throws Exception {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        String account;
        try {
            Optional<String> found = users.account(normalizer.normalize(to.getAddress().getURI().toString()));
            if (found.isEmpty()) {
                return messages.response(request, Response.NOT_FOUND, "Not Found (" + to.getAddress().getURI() + " is not a user here)");
            }
            account = found.get();
        } catch (CpmFormatException e) {
            return messages.response(request, Response.BAD_REQUEST, "Bad Request (To: " + e.reason() + ")");
        }
        ExpiresHeader expiresHeader = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        List<Registration> bound = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader contact = (ContactHeader) it.next();
            if (contact.isWildCard()) {
                if (expiresHeader == null || expiresHeader.getExpires() != 0) {
                    return messages.response(request, Response.BAD_REQUEST, "Bad Request (Contact: * needs Expires: 0)");
                }
                registrations.unbindAll(account);
                continue;
            }
            int seconds = contact.getExpires() >= 0 ? contact.getExpires()
                : expiresHeader != null ? expiresHeader.getExpires() : configuration.registerDefaultExpires();
            seconds = Math.min(seconds, configuration.registerMaxExpires());
            String uri = contact.getAddress().getURI().toString();
            Optional<String> instance = Optional.ofNullable(contact.getParameter("+sip.instance"))
                .map(v -> v.replace("\"", "").trim()).filter(v -> !v.isEmpty());
            if (seconds == 0) {
                registrations.unbind(account, instance.orElse(uri));
            } else {
                Registration r = new Registration(account, uri, instance, clock.instant().plusSeconds(seconds));
                registrations.bind(r);
                bound.add(r);
            }
        }
        Response response = messages.response(request, Response.OK, "OK");
        Instant now = clock.instant();
        for (Registration r : registrations.bindings(account)) {
            Address address = messages.bridge().addressFactory().createAddress(r.contact());
            ContactHeader contact = messages.bridge().headerFactory().createContactHeader(address);
            contact.setExpires((int) Math.max(1, Duration.between(now, r.expires()).toSeconds()));
            if (r.instance().isPresent()) {
                contact.setParameter("+sip.instance", "\"" + r.instance().get() + "\"");
            }
            response.addHeader(contact);
        }
        if (!bound.isEmpty()) {
            pusher.push(account, bound);
        }
        return response;
    }
}

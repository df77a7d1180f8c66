package org.cpmmss.james.sip;

import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.PreferenceValues;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Response;

import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.deferred.queue.DeferredQueueEntries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a user's queued deferred messages to registered clients (seed 5.2.5.2) when the user's
 * deferred-delivery preference is {@code push}, unless do-not-disturb holds them (they are pushed at the
 * client's next REGISTER once it is off). Each entry is sent as a SIP MESSAGE (message/cpim, the body as received) to one client's
 * contact; a 2xx answer removes it from the queue, anything else leaves it for the next registration.
 * An entry is claimed while it is in flight, so two clients registering at once each get a subset and the
 * union counts as delivered; an entry is never pushed twice once acknowledged. On a shared queue (several nodes) the
 * entry is also claimed in the queue for the push ({@link DeferredQueue#claimForPush}), so two nodes never push it at
 * once; a node that dies mid-push holds it only until the claim's lease ends. Only entries in state queued and not
 * expired are pushed (a kept entry waits for the user's action); an entry that is not message/cpim is not pushed.
 */
final class DeferredPusher {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeferredPusher.class);

    private final SipMessages messages;
    private final DeferredQueue queue;
    private final RegistrationRepository registrations;
    private final UserPreferences preferences;
    private final ExecutorService executor;
    private final Duration timeout;
    private final Clock clock;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    DeferredPusher(SipMessages messages, DeferredQueue queue, RegistrationRepository registrations,
                   UserPreferences preferences, ExecutorService executor, Duration timeout, Clock clock) {
        this.clock = clock;
        this.messages = messages;
        this.queue = queue;
        this.registrations = registrations;
        this.preferences = preferences;
        this.executor = executor;
        this.timeout = timeout;
    }

    /** Pushes to every client of {@code account} registered now (a message was just queued). */
    void pushToRegistered(String account) {
        List<Registration> clients = registrations.bindings(account);
        if (!clients.isEmpty()) {
            push(account, clients);
        }
    }

    /** Pushes the account's queue to these (just registered) clients, in the background. */
    void push(String account, List<Registration> clients) {
        for (Registration client : clients) {
            try {
                executor.execute(() -> pushTo(account, client));
            } catch (RejectedExecutionException e) {
                LOGGER.warn("push to {} not scheduled (bridge stopping or overloaded)", client.contact());
            }
        }
    }

    private void pushTo(String account, Registration client) {
        try {
            PreferenceValues prefs = preferences.read(account);
            if (!prefs.deferredDelivery().equals("push")) {
                return; // notify (5.2.5.1): the client retrieves what it chooses; handover: nothing is queued
            }
            if (prefs.doNotDisturb()) {
                LOGGER.debug("do-not-disturb holds the deferred messages of {}", account);
                return;
            }
            for (DeferredQueue.Entry entry : queue.pending(account, clock.instant())) {
                if (!inFlight.add(entry.id())) {
                    continue; // another client is getting this one
                }
                boolean claimed = false;
                try {
                    claimed = queue.claimForPush(entry.id());
                    if (!claimed) {
                        continue; // another node is pushing this one
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    if (!deliver(entry, client)) {
                        return; // the client is not answering: keep the rest for the next registration
                    }
                } finally {
                    if (claimed) {
                        queue.releasePush(entry.id()); // nothing to release once a 2xx removed it
                    }
                    inFlight.remove(entry.id());
                }
            }
        } catch (Exception e) {
            LOGGER.warn("pushing deferred messages of {} to {} failed", account, client.contact(), e);
        }
    }

    private boolean deliver(DeferredQueue.Entry entry, Registration client) {
        Optional<byte[]> cpim = DeferredQueueEntries.cpimBody(entry);
        if (cpim.isEmpty()) {
            LOGGER.debug("deferred entry {} is not message/cpim: not pushed, left for the user's HTTP retrieval", entry.id());
            return true;
        }
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            entry.conversationId().ifPresent(v -> headers.put(CpmHeaders.CONVERSATION_ID, v));
            entry.contributionId().ifPresent(v -> headers.put(CpmHeaders.CONTRIBUTION_ID, v));
            var request = messages.message(client.contact(), entry.originatorUri(), entry.recipientUri(), Optional.empty(),
                headers, cpim.get());
            Response response = messages.send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int status = response.getStatusCode();
            if (status >= 200 && status < 300) {
                queue.remove(entry.id());
                LOGGER.debug("deferred message {} pushed to {}", entry.id(), client.contact());
                return true;
            }
            LOGGER.info("client {} answered {} to deferred message {}; kept in the queue", client.contact(), status, entry.id());
            return status < 500 || status >= 600;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOGGER.info("push of deferred message {} to {} failed: {}", entry.id(), client.contact(), e.toString());
            return false;
        }
    }
}

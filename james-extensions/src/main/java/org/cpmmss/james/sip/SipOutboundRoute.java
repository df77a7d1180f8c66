package org.cpmmss.james.sip;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Response;

/**
 * The SIP route for notifications the server sends to originators (positive and negative delivery
 * notifications, late group notifications): a SIP MESSAGE carrying the message/cpim notification, addressed
 * to the originator and sent through the PF configured as {@code sip.outbound.pf} (a loose route), as an
 * alternative to the SMTP relay. {@link SendNotificationOverSip} is the mailet that uses it.
 */
public final class SipOutboundRoute {
    private final SipMessages messages;
    private final Optional<String> pf;
    private final Duration timeout;

    SipOutboundRoute(SipMessages messages, Optional<String> pf, Duration timeout) {
        this.messages = messages;
        this.pf = pf;
        this.timeout = timeout;
    }

    public boolean enabled() {
        return pf.isPresent();
    }

    /**
     * Sends one notification and waits for the PF's final answer.
     *
     * @param fromUri   who reports (the notification's sender, e.g. the recipient of the original message)
     * @param toUri     the originator the notification is for
     * @param cpim      the message/cpim body (wrapping message/imdn+xml)
     * @return the PF's final status code
     */
    public int send(String fromUri, String toUri, Optional<String> conversationId, Optional<String> contributionId,
                    byte[] cpim) throws Exception {
        if (pf.isEmpty()) {
            throw new IllegalStateException("sip.outbound.pf is not configured");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        conversationId.ifPresent(v -> headers.put("Conversation-ID", v));
        contributionId.ifPresent(v -> headers.put("Contribution-ID", v));
        var request = messages.message(toUri, fromUri, toUri, pf, headers, cpim);
        Response response = messages.send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return response.getStatusCode();
    }
}

package org.cpmmss.james.outbound;

/**
 * One way out to the PF for a notification the server sends to an originator: the SMTP relay
 * ({@link SmtpOutboundRoute}) or the SIP bridge's route ({@code org.cpmmss.james.sip.SipNotificationRoute}).
 */
public interface OutboundRoute {
    /** For logs: {@code smtp 127.0.0.1:2525}, {@code sip pf.example.com}. */
    String name();

    /**
     * Sends the notification object (its exact bytes) and returns once the PF accepted it.
     *
     * @param envelopeRecipient the originator's account ({@code local@domain}) or URI, for the SMTP envelope
     * @throws Exception when the PF refused it or could not be reached (the outbox retries)
     */
    void send(byte[] object, String envelopeRecipient) throws Exception;
}

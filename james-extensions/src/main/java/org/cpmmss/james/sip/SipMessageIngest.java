package org.cpmmss.james.sip;

import org.cpmmss.recording.port.OwnerDirectory;
import org.cpmmss.james.pipeline.PipelineSubmission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;


import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.apache.mailet.AttributeName;
import org.cpmmss.recording.verdict.LiveMessage;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MESSAGE carrying message/cpim, turned into one mail for the recording pipeline (design.md, "Doors").
 *
 * <ol>
 *   <li>Form: Content-Type message/cpim (else 415), a body within {@code sip.max-message-size} (else 413),
 *       valid From, Request-URI and CPIM (else 400 naming the fault).</li>
 *   <li>Owners: the originator (From) and the recipient (Request-URI) where they are users here; none → 404.
 *       A deferred hand-over ({@code CPM-Delivery: deferred-handover}) is delivery to the recipient: its only
 *       owner is the recipient, who must be a user here (404 otherwise).</li>
 *   <li>The pipeline runs while the PF waits ({@link PipelineSubmission}); a live message (neither a hand-over nor
 *       a notification) for a hosted recipient is marked {@link LiveMessage#RECIPIENT}, so that the pipeline applies
 *       the recipient's do-not-disturb and reject-when-offline preferences. A hand-over for a recipient whose
 *       deferred-delivery is notify or push is queued by the pipeline's {@code QueueDeferred}; the bridge pushes it
 *       at once when push applies and a client is registered (a {@code QueuedMessageListener}).</li>
 *   <li>The answer follows the owners' verdicts ({@link SipIngestResponses}): 200 stored or not recorded, 202
 *       queued, 486 do-not-disturb, 480 offline, 413/400 refused, 503 with Retry-After when storage failed
 *       temporarily or the pipeline failed (nothing acknowledged, retry), 500 when an owner got no verdict.</li>
 * </ol>
 */
final class SipMessageIngest {
    private static final Logger LOGGER = LoggerFactory.getLogger(SipMessageIngest.class);
    static final String OUTCOME_HEADER = "CPM-Outcome";

    private final SipMessages messages;
    private final OwnerDirectory users;
    private final PipelineSubmission pipeline;
    private final int maxMessageSize;
    private final Duration deferredExpiryDefault;
    private final Clock clock;
    private final CpmAddressNormalizer normalizer;
    private final CpmObjects objects = new CpmObjects();

    SipMessageIngest(SipMessages messages, OwnerDirectory users, PipelineSubmission pipeline, int maxMessageSize,
                     Duration deferredExpiryDefault, Clock clock, CpmAddressNormalizer normalizer) {
        this.normalizer = normalizer;
        this.messages = messages;
        this.users = users;
        this.pipeline = pipeline;
        this.maxMessageSize = maxMessageSize;
        this.deferredExpiryDefault = deferredExpiryDefault;
        this.clock = clock;
    }

    /** A fault in the request, answered with {@code status} and {@code reason}. */
    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    Response handle(Request request) throws Exception {
        try {
            return process(request);
        } catch (Refusal r) {
            Response response = messages.response(request, r.status, r.getMessage());
            if (r.status == Response.UNSUPPORTED_MEDIA_TYPE) {
                response.addHeader(messages.bridge().headerFactory().createAcceptHeader("message", "cpim"));
            }
            return response;
        }
    }

    private Response process(Request request) throws Exception {
        ContentLengthHeader length = request.getContentLength();
        byte[] body = SipMessages.body(request);
        if ((length != null && length.getContentLength() > maxMessageSize) || body.length > maxMessageSize) {
            throw new Refusal(Response.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large (body over " + maxMessageSize + " bytes)");
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (type == null || !"message".equalsIgnoreCase(type.getContentType()) || !"cpim".equalsIgnoreCase(type.getContentSubType())) {
            throw new Refusal(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type (expected message/cpim)");
        }
        if (body.length == 0) {
            throw new Refusal(Response.BAD_REQUEST, "Bad Request (empty message/cpim body)");
        }
        CpmAddress originator = address("From", ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        CpmAddress recipient = address("Request-URI", request.getRequestURI().toString());
        CpimMessage cpim;
        try {
            cpim = CpimMessage.parse(body);
        } catch (CpmFormatException e) {
            throw new Refusal(Response.BAD_REQUEST, "Bad Request (malformed CPIM: " + e.reason() + ")");
        }
        boolean notification = cpim.payloadContentType().is(ImdnNotification.CONTENT_TYPE);
        Optional<String> delivery = SipMessages.header(request, CpmHeaders.CPM_DELIVERY);
        boolean handover = delivery.map(d -> d.equalsIgnoreCase(CpmHeaders.DELIVERY_DEFERRED_HANDOVER)).orElse(false);
        if (delivery.isPresent() && !handover) {
            throw new Refusal(Response.BAD_REQUEST, "Bad Request (unknown CPM-Delivery: " + delivery.get() + ")");
        }
        Optional<String> recipientAccount = users.account(recipient);
        Optional<String> originatorAccount = users.account(originator);

        Optional<Instant> expires = Optional.empty();
        if (handover) {
            expires = Optional.of(expires(request));
        }
        Map<AttributeName, String> live = !notification && !handover && recipientAccount.isPresent()
            ? Map.of(LiveMessage.RECIPIENT, recipientAccount.get()) : Map.of();

        Set<String> owners = new LinkedHashSet<>();
        if (handover) {
            recipientAccount.ifPresent(owners::add);
        } else {
            originatorAccount.ifPresent(owners::add);
            recipientAccount.ifPresent(owners::add);
        }
        if (owners.isEmpty()) {
            throw new Refusal(Response.NOT_FOUND, handover
                ? "Not Found (the recipient " + recipient.uri() + " is not a user here)"
                : "Not Found (neither " + originator.uri() + " nor " + recipient.uri() + " is a user here)");
        }
        StoredObject object = object(request, cpim, originator, recipient, notification, expires);
        return submit(request, object, List.copyOf(owners), live);
    }

    private CpmAddress address(String what, String uri) throws Refusal {
        try {
            return normalizer.normalize(uri);
        } catch (CpmFormatException e) {
            throw new Refusal(Response.BAD_REQUEST, "Bad Request (" + what + ": " + e.reason() + ")");
        }
    }

    /** The hand-over's expiry: {@code Expires} as delta-seconds (SIP) or an RFC 5322 date; absent = the operator default. */
    private Instant expires(Request request) throws Refusal {
        ExpiresHeader parsed = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        if (parsed != null) {
            return clock.instant().plusSeconds(parsed.getExpires());
        }
        Optional<String> text = SipMessages.unparsed(request, ExpiresHeader.NAME);
        if (text.isEmpty()) {
            return clock.instant().plus(deferredExpiryDefault);
        }
        try {
            return CpmDates.parseMailDate(text.get()).toInstant();
        } catch (CpmFormatException e) {
            throw new Refusal(Response.BAD_REQUEST, "Bad Request (Expires: " + e.reason() + ")");
        }
    }

    private StoredObject object(Request request, CpimMessage cpim, CpmAddress originator, CpmAddress recipient,
                                boolean notification, Optional<Instant> expires) throws Refusal {
        try {
            OffsetDateTime date;
            try {
                date = cpim.dateTime().orElse(null);
            } catch (CpmFormatException e) {
                date = null;
            }
            CpmObjectHeaders.Builder h = CpmObjectHeaders.builder()
                .date(date != null ? date : OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .from(originator.uri())
                .to(recipient.uri())
                .direction(Direction.SENT);
            cpim.subject().or(() -> SipMessages.header(request, "Subject")).ifPresent(h::subject);
            SipMessages.header(request, CpmHeaders.CONVERSATION_ID).ifPresent(h::conversationId);
            SipMessages.header(request, CpmHeaders.CONTRIBUTION_ID).ifPresent(h::contributionId);
            SipMessages.header(request, CpmHeaders.IN_REPLY_TO_CONTRIBUTION_ID).ifPresent(h::inReplyToContributionId);
            cpim.imdnMessageId().ifPresent(h::imdnMessageId);
            if (expires.isPresent()) {
                h.extra(CpmHeaders.CPM_DELIVERY, CpmHeaders.DELIVERY_DEFERRED_HANDOVER);
                h.extra(CpmHeaders.EXPIRES, CpmDates.formatMailDate(expires.get().atOffset(ZoneOffset.UTC)));
            }
            return notification ? objects.dispositionNotification(h.build(), cpim) : objects.standaloneMessage(h.build(), cpim);
        } catch (CpmFormatException e) {
            throw new Refusal(Response.BAD_REQUEST, "Bad Request (" + e.reason() + ")");
        }
    }

    private Response submit(Request request, StoredObject object, List<String> owners, Map<AttributeName, String> live) {
        try {
            return answer(request, owners, pipeline.submit("sip", object, owners, live));
        } catch (PipelineSubmission.UnbuildableObject e) {
            return messages.response(request, Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")");
        } catch (PipelineSubmission.InsufficientStorage e) {
            return messages.retryLater(request, e.getMessage() + "; retry later");
        } catch (PipelineSubmission.PipelineFailed e) {
            LOGGER.error("pipeline failed on a SIP MESSAGE", e.getCause());
            return messages.retryLater(request, "pipeline failed; retry");
        }
    }

    /** The SIP response for the owners' verdicts ({@link SipIngestResponses}). */
    private Response answer(Request request, List<String> owners, OwnerVerdicts verdicts) {
        SipIngestResponses.Answer answer = SipIngestResponses.answer(owners, verdicts);
        Response response = answer.retryLater() ? messages.retryLater(request, answer.reason())
            : messages.response(request, answer.status(), answer.reason());
        for (String outcome : answer.outcomes()) {
            messages.addHeader(response, OUTCOME_HEADER, outcome);
        }
        return response;
    }
}

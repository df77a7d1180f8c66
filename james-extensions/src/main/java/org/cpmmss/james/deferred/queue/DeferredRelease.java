package org.cpmmss.james.deferred.queue;

import org.cpmmss.recording.pipeline.QueueDeferred;

import org.cpmmss.recording.port.DeferredQueue;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.james.deferred.DeferredSettings;
import org.cpmmss.recording.pipeline.TemporaryObjects;
import org.cpmmss.james.doors.PipelineSubmission;
import org.cpmmss.recording.outcome.DeliveryOutcomeRegistry;
import org.cpmmss.recording.outcome.OwnerOutcome;

/**
 * Hands a deferred-queue entry over to the owner's store: the entry's object goes through the pipeline again,
 * marked {@link QueueDeferred#RELEASED} so it is not queued again, and becomes a temporary object exactly as a
 * PF's hand-over does (DeferredHandOver: {@code $cpm-temporary}, expiry index, positive delivery notification).
 * Its {@code Expires} is the entry's, or now + {@code cpm.deferred.expiry.default} when the entry has expired (a
 * hand-over at expiry). Idempotent: a repeat is a DUPLICATE.
 */
public class DeferredRelease {
    private final MailProcessor mailProcessor;
    private final DeliveryOutcomeRegistry outcomes;
    private final DeferredSettings settings;
    private final Clock clock;

    @Inject
    public DeferredRelease(MailProcessor mailProcessor, DeliveryOutcomeRegistry outcomes, DeferredSettings settings, Clock clock) {
        this.mailProcessor = mailProcessor;
        this.outcomes = outcomes;
        this.settings = settings;
        this.clock = clock;
    }

    /** The owner's outcome (STORED or DUPLICATE on success). Throws when the pipeline failed. */
    public OwnerOutcome handOver(DeferredQueue.Entry entry) throws MessagingException, CpmFormatException {
        Instant now = clock.instant();
        Instant expiry = entry.expires().isAfter(now) ? entry.expires() : now.plus(settings.expiryDefault());
        byte[] object = TemporaryObjects.withExpires(entry.object(), expiry);
        MailImpl mail = MailImpl.builder()
            .name("cpm-deferred-release-" + UUID.randomUUID())
            .sender(MaybeSender.nullSender())
            .addRecipient(new MailAddress(entry.owner()))
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(object)))
            .addAttribute(new Attribute(PipelineSubmission.DOOR, AttributeValue.of("deferred-queue")))
            .addAttribute(new Attribute(QueueDeferred.RELEASED, AttributeValue.of(true)))
            .build();
        outcomes.open(mail);
        Map<String, OwnerOutcome> results;
        try {
            mailProcessor.service(mail);
        } finally {
            results = outcomes.close(mail);
            LifecycleUtil.dispose(mail);
        }
        return Optional.ofNullable(results.get(entry.owner().toLowerCase(java.util.Locale.ROOT)))
            .orElseThrow(() -> new MessagingException("the pipeline recorded no outcome for " + entry.owner()));
    }
}

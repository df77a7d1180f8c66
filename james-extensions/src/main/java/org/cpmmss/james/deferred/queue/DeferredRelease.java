package org.cpmmss.james.deferred.queue;

import org.cpmmss.recording.pipeline.QueueDeferred;

import org.cpmmss.recording.port.DeferredQueue;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.james.deferred.queue.DeferredSettings;
import org.cpmmss.recording.pipeline.TemporaryObjects;
import org.cpmmss.james.pipeline.PipelineSubmission;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.PipelineHandOver;

/**
 * Hands a deferred-queue entry over to the owner's store: the entry's object goes through the pipeline again,
 * marked {@link QueueDeferred#RELEASED} so it is not queued again, and becomes a temporary object exactly as a
 * PF's hand-over does (DeferredHandOver: {@code $cpm-temporary}, expiry index, positive delivery notification).
 * Its {@code Expires} is the entry's, or now + {@code cpm.deferred.expiry.default} when the entry has expired (a
 * hand-over at expiry). The mail goes through the one {@link PipelineHandOver}. Idempotent: a repeat is a
 * {@link OwnerVerdict.Repeat}.
 */
public class DeferredRelease {
    /** Made once: making a javax.mail session scans the classpath's jars for its resource files. */
    private static final Session PARSING_SESSION = Session.getInstance(new Properties());

    private final PipelineHandOver pipeline;
    private final DeferredSettings settings;
    private final Clock clock;

    @Inject
    public DeferredRelease(PipelineHandOver pipeline, DeferredSettings settings, Clock clock) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
    }

    /** The owner's verdict (Stored or Repeat on success). Throws when the pipeline failed or gave no verdict. */
    public OwnerVerdict release(DeferredQueue.Entry entry) throws MessagingException, CpmFormatException {
        Instant now = clock.instant();
        Instant expiry = entry.expires().isAfter(now) ? entry.expires() : now.plus(settings.expiryDefault());
        byte[] object = TemporaryObjects.withExpires(entry.object(), expiry);
        MailImpl mail = MailImpl.builder()
            .name("cpm-deferred-release-" + UUID.randomUUID())
            .sender(MaybeSender.nullSender())
            .addRecipient(new MailAddress(entry.owner()))
            .mimeMessage(new MimeMessage(PARSING_SESSION, new ByteArrayInputStream(object)))
            .addAttribute(new Attribute(PipelineSubmission.DOOR, AttributeValue.of("deferred-queue")))
            .addAttribute(new Attribute(QueueDeferred.RELEASED, AttributeValue.of(true)))
            .build();
        OwnerVerdicts verdicts;
        try {
            verdicts = pipeline.handOver(mail);
        } catch (PipelineHandOver.PipelineFailure e) {
            throw new MessagingException("the pipeline failed on deferred entry " + entry.id(), e);
        } finally {
            LifecycleUtil.dispose(mail);
        }
        return verdicts.forOwner(entry.owner())
            .orElseThrow(() -> new MessagingException("the pipeline recorded no verdict for " + entry.owner()));
    }
}

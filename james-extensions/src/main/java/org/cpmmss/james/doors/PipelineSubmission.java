package org.cpmmss.james.doors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.james.plumbing.StorageReserve;
import org.cpmmss.recording.outcome.DeliveryOutcomeRegistry;
import org.cpmmss.recording.outcome.OwnerOutcome;

/**
 * How a synchronous door (HTTP, SIP) hands one CPM object to the mailet pipeline: one mail whose recipients
 * are the owners, run through the pipeline in the caller's thread, answered from the per-owner outcomes.
 * Each door maps the two failures to its own protocol's error.
 */
public class PipelineSubmission {
    /** Mail attribute naming the door a mail came through ({@code http}, {@code sip}). */
    public static final AttributeName DOOR = AttributeName.of("org.cpmmss.door");

    /** The object or an owner could not be turned into a mail: the submitter's error. */
    public static class UnbuildableObject extends Exception {
        UnbuildableObject(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The pipeline itself failed: nothing is acknowledged, the submitter may retry. */
    public static class PipelineFailed extends Exception {
        PipelineFailed(Throwable cause) {
            super(cause);
        }

        PipelineFailed(String message) {
            super(message);
        }
    }

    /** The data directory is below its {@link StorageReserve}: nothing was tried, the submitter retries later. */
    public static class InsufficientStorage extends PipelineFailed {
        InsufficientStorage(String reason) {
            super(reason);
        }
    }

    private final MailProcessor mailProcessor;
    private final DeliveryOutcomeRegistry outcomes;
    private final StorageReserve reserve;

    @Inject
    public PipelineSubmission(MailProcessor mailProcessor, DeliveryOutcomeRegistry outcomes, StorageReserve reserve) {
        this.mailProcessor = mailProcessor;
        this.outcomes = outcomes;
        this.reserve = reserve;
    }

    /** Runs the pipeline; returns the outcome of each owner (keyed by lower-cased account), as recorded. */
    public Map<String, OwnerOutcome> submit(String door, StoredObject object, List<String> owners)
            throws UnbuildableObject, PipelineFailed {
        Optional<String> shortage = reserve.shortage();
        if (shortage.isPresent()) {
            throw new InsufficientStorage(shortage.get());
        }
        MailImpl mail = build(door, object, owners);
        outcomes.open(mail);
        try {
            mailProcessor.service(mail);
            return outcomes.close(mail);
        } catch (RuntimeException | MessagingException e) {
            outcomes.close(mail);
            throw new PipelineFailed(e);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private static MailImpl build(String door, StoredObject object, List<String> owners) throws UnbuildableObject {
        try {
            List<MailAddress> recipients = new ArrayList<>();
            for (String owner : owners) {
                recipients.add(new MailAddress(owner));
            }
            return MailImpl.builder()
                .name("cpm-" + door + "-" + UUID.randomUUID())
                .sender(MaybeSender.nullSender())
                .addRecipients(recipients)
                .mimeMessage(object.toMimeMessage())
                .addAttribute(new Attribute(DOOR, AttributeValue.of(door)))
                .build();
        } catch (javax.mail.internet.AddressException e) {
            throw new UnbuildableObject("an owner is not a valid account name: " + e.getMessage(), e);
        } catch (MessagingException | CpmFormatException e) {
            throw new UnbuildableObject("the object could not be built: " + e.getMessage(), e);
        }
    }
}

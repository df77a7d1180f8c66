package org.cpmmss.james.pipeline;

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
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.james.plumbing.StorageReserve;
import org.cpmmss.recording.verdict.LiveMessage;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.PipelineHandOver;

/**
 * How a door that receives CPM objects rather than mail (HTTP, SIP) hands one to the pipeline: after the storage
 * reserve check, one mail whose recipients are the owners goes through the {@link PipelineHandOver} in the caller's
 * thread; the door maps the verdicts, and the failures below, to its own protocol's answers.
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

    private final PipelineHandOver pipeline;
    private final StorageReserve reserve;

    @Inject
    public PipelineSubmission(PipelineHandOver pipeline, StorageReserve reserve) {
        this.pipeline = pipeline;
        this.reserve = reserve;
    }

    /** Runs the pipeline on the object for the owners; the verdict of each owner. */
    public OwnerVerdicts submit(String door, StoredObject object, List<String> owners)
            throws UnbuildableObject, PipelineFailed {
        return submit(door, object, owners, Map.of());
    }

    /** The same, with extra mail attributes the pipeline's steps read (e.g. {@link LiveMessage#RECIPIENT}). */
    public OwnerVerdicts submit(String door, StoredObject object, List<String> owners, Map<AttributeName, String> attributes)
            throws UnbuildableObject, PipelineFailed {
        Optional<String> shortage = reserve.shortage();
        if (shortage.isPresent()) {
            throw new InsufficientStorage(shortage.get());
        }
        MailImpl mail = build(door, object, owners);
        attributes.forEach((name, value) -> mail.setAttribute(new Attribute(name, AttributeValue.of(value))));
        try {
            return pipeline.handOver(mail);
        } catch (PipelineHandOver.PipelineFailure e) {
            throw new PipelineFailed(e.getCause());
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

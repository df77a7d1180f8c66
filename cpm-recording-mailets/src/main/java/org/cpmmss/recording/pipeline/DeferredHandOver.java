package org.cpmmss.recording.pipeline;


import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Flags;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.MessageDirectionHeader;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.ConversationStore;
import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationRoute;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred hand-over (docs/deferred.md): in the {@code cpm} processor right after {@code ValidateCpmObject},
 * before the recording gate. An object whose {@code CPM-Delivery} is {@code deferred-handover} is delivery,
 * not recording: for each owner (the recipients the PF names in RCPT TO) it is stored in the owner's
 * conversation folder as a temporary object — keyword {@code $cpm-temporary}, {@code Expires} set to the
 * computed expiry, the CPIM positive-delivery request removed, {@code Message-Direction: received} — and
 * indexed for the expiry sweeper. A first store also generates the positive delivery notification
 * ({@link NotificationRoute#delivered}) when the message asked for one. The mail then ends (GHOST). A handed-over
 * disposition notification is not a temporary object: it goes on as a notification (see
 * {@link #passOnAsNotification}). Any other object passes through untouched.
 *
 * <p>Pipeline step 4 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link QueueDeferred}, before {@link RecordingGate}.</p>
 */
public class DeferredHandOver extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeferredHandOver.class);

    private final ConversationStore store;
    private final ConversationFolders folders;
    private final VerdictRegistry outcomes;
    private final ExpiryIndex index;
    private final NotificationRoute notifications;
    private final CpmPolicy policy;
    private final Clock clock;

    @Inject
    public DeferredHandOver(ConversationStore store, ConversationFolders folders, VerdictRegistry outcomes,
                            ExpiryIndex index, NotificationRoute notifications, CpmPolicy policy, Clock clock) {
        this.store = store;
        this.folders = folders;
        this.outcomes = outcomes;
        this.index = index;
        this.notifications = notifications;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<CpmInspection> inspection = CpmMailAttributes.inspection(mail);
        if (inspection.isEmpty() || mail.getState().equals(Mail.GHOST)) {
            return;
        }
        byte[] raw = ValidateCpmObject.objectBytes(mail);
        if (!TemporaryObjects.isHandOver(raw)) {
            return;
        }
        CpmInspection object = inspection.get();
        if (object.type() == CpmObjectType.DISPOSITION_NOTIFICATION) {
            passOnAsNotification(mail, object);
            return;
        }
        Instant expiry;
        byte[] shaped;
        Optional<String> positiveDeliveryFor;
        try {
            expiry = TemporaryObjects.expiry(raw, clock, policy.deferredExpiryDefault(), policy.deferredExpiryMax());
            shaped = MessageDirectionHeader.apply(TemporaryObjects.shape(raw, expiry), "received");
            positiveDeliveryFor = positiveDeliveryRequested(raw);
        } catch (CpmFormatException e) {
            for (MailAddress owner : mail.getRecipients()) {
                outcomes.record(mail, owner.asString(), OwnerVerdict.refusal(RefusalCode.INVALID_HANDOVER, e));
                if (!ConversationFolders.isOriginator(owner, object.originator())) {
                    notifications.failed(raw, owner.asString(), "hand-over refused: " + e.reason());
                }
            }
            mail.setState(Mail.GHOST);
            return;
        }
        List<String> failures = new ArrayList<>();
        for (MailAddress owner : mail.getRecipients()) {
            if (ConversationFolders.isOriginator(owner, object.originator())) {
                // a hand-over is delivery to the recipients; the originator's own copy is recorded separately
                outcomes.record(mail, owner.asString(), new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR));
                continue;
            }
            try {
                FolderPath folder = folders.folder(owner, object);
                OwnerVerdict.Filed outcome = store.store(owner.asString(), folder, object.key(), shaped, new Flags(TemporaryObjects.KEYWORD));
                if (outcome instanceof OwnerVerdict.Stored || outcome instanceof OwnerVerdict.Repeat) {
                    indexIfTemporary(owner.asString(), outcome.filedFolder().orElse(folder.path()), outcome.uid(), expiry);
                }
                outcomes.record(mail, owner.asString(), outcome);
                if (outcome instanceof OwnerVerdict.Stored && positiveDeliveryFor.isPresent()) {
                    notifications.delivered(object, positiveDeliveryFor.get(), owner);
                }
            } catch (CpmFormatException e) {
                outcomes.record(mail, owner.asString(), OwnerVerdict.refusal(RefusalCode.INVALID_HANDOVER, e));
                notifications.failed(raw, owner.asString(), "hand-over refused: " + e.reason());
            } catch (Exception e) {
                LOGGER.warn("handing over {} to {} failed", object.key(), owner.asString(), e);
                outcomes.record(mail, owner.asString(), OwnerVerdict.TemporaryFailure.STORAGE);
                failures.add(owner.asString() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty() && !outcomes.isOpen(mail)) {
            throw new MessagingException("hand-over failed for " + String.join("; ", failures));
        }
        mail.setState(Mail.GHOST);
    }

    /**
     * A handed-over disposition notification is a notification: its recipients go on through the pipeline
     * ({@code DispositionNotifications}: first-wins, ticks, aggregation; filed beside the reported message as an
     * ordinary object, not a temporary one), past the recording gate (delivery, not recording). The originator's
     * (reporter's) copy is not part of the hand-over, as for any hand-over.
     */
    private void passOnAsNotification(Mail mail, CpmInspection object) {
        List<MailAddress> recipients = new ArrayList<>();
        for (MailAddress owner : mail.getRecipients()) {
            if (ConversationFolders.isOriginator(owner, object.originator())) {
                outcomes.record(mail, owner.asString(), new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR));
            } else {
                recipients.add(owner);
            }
        }
        if (recipients.isEmpty()) {
            mail.setState(Mail.GHOST);
            return;
        }
        if (recipients.size() != mail.getRecipients().size()) {
            mail.setRecipients(recipients);
        }
        CpmMailAttributes.set(mail, CpmMailAttributes.HANDED_OVER_NOTIFICATION, "true");
    }

    /** The CPIM imdn.Message-ID when the message asked for a positive delivery notification. */
    private static Optional<String> positiveDeliveryRequested(byte[] raw) throws CpmFormatException {
        HeaderBlock block = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
        boolean cpim = block.first("Content-Type").map(v -> v.trim().toLowerCase().startsWith("message/cpim")).orElse(false);
        if (!cpim) {
            return Optional.empty();
        }
        CpimMessage message = CpimMessage.parse(java.util.Arrays.copyOfRange(raw, block.end(), raw.length));
        if (!message.dispositionNotification().contains(DispositionRequest.POSITIVE_DELIVERY)) {
            return Optional.empty();
        }
        return message.imdnMessageId().or(() -> block.first("IMDN-Message-ID").map(String::trim));
    }

    /**
     * Indexes (owner, mailbox, uid) unless the stored copy was accessed already. Also run on a DUPLICATE, so a
     * crash between the append and the index write is repaired by the PF's resend.
     */
    private void indexIfTemporary(String owner, String folderPath, long uid, Instant expiry) throws Exception {
        Optional<ConversationStore.StoredCopy> copy = store.storedCopy(owner, OwnerFolders.parse(folderPath), uid);
        if (copy.isEmpty()) {
            return;
        }
        Flags flags = copy.get().flags();
        if (flags.contains(TemporaryObjects.KEYWORD) && !flags.contains(Flags.Flag.SEEN)) {
            String mailboxId = copy.get().folderId();
            if (!index.contains(mailboxId, uid)) {
                index.put(new ExpiryIndex.Entry(owner, mailboxId, uid, expiry));
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: deferred hand-over (temporary objects)";
    }
}

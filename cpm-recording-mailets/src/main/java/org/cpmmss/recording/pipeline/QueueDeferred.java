package org.cpmmss.recording.pipeline;

import org.cpmmss.recording.port.DeferredQueue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.QueuedMessageListener;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.PreferenceValues;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred messages of options 1 and 2 (docs/deferred.md), in the {@code cpm} processor right before
 * {@code DeferredHandOver}: for an object marked {@code CPM-Delivery: deferred-handover} (the PF could not deliver
 * it), every recipient owner whose {@code deferred-delivery} preference is {@code notify} or {@code push} gets a
 * deferred-queue entry instead of a stored object — outcome HELD "queued for deferred delivery: push|notify"
 * (LMTP 250, HTTP 202, SIP 202) — and is taken off the mail. The other owners (preference {@code handover}, the
 * originator) go on to the hand-over. A mail carrying {@link #RELEASED} (the queue handing an entry over to the
 * store) passes untouched, and so does a disposition notification: it reports on the recipient's own message and
 * goes to their store whatever their deferred-delivery preference.
 *
 * <p>Pipeline step 3 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link ValidateCpmObject}, before {@link DeferredHandOver}.</p>
 */
public class QueueDeferred extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueDeferred.class);
    /** Set on a mail the deferred queue itself submits (deliver action, hand-over at expiry): never queued again. */
    public static final AttributeName RELEASED = AttributeName.of("org.cpmmss.deferred.released");

    private final DeferredQueue queue;
    private final UserPreferences preferences;
    private final VerdictRegistry outcomes;
    private final CpmPolicy policy;
    private final Set<QueuedMessageListener> listeners;
    private final Clock clock;

    @Inject
    public QueueDeferred(DeferredQueue queue, UserPreferences preferences, VerdictRegistry outcomes,
                         CpmPolicy policy, Set<QueuedMessageListener> listeners, Clock clock) {
        this.queue = queue;
        this.preferences = preferences;
        this.outcomes = outcomes;
        this.policy = policy;
        this.listeners = listeners;
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<CpmInspection> inspection = CpmMailAttributes.inspection(mail);
        if (inspection.isEmpty() || mail.getState().equals(Mail.GHOST) || mail.getAttribute(RELEASED).isPresent()) {
            return;
        }
        byte[] raw = ValidateCpmObject.objectBytes(mail);
        if (!TemporaryObjects.isHandOver(raw)) {
            return;
        }
        CpmInspection object = inspection.get();
        if (object.type() == CpmObjectType.DISPOSITION_NOTIFICATION) {
            return; // a handed-over notification is a notification: it ticks the sender's copy (DeferredHandOver)
        }
        List<MailAddress> remaining = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (MailAddress owner : mail.getRecipients()) {
            if (ConversationFolders.isOriginator(owner, object.originator())) {
                remaining.add(owner);
                continue;
            }
            try {
                PreferenceValues prefs = preferences.read(owner.asString());
                if (!prefs.queuesDeferred()) {
                    remaining.add(owner);
                    continue;
                }
                DeferredQueue.Added added = queue.add(entry(owner.asString(), object, raw));
                outcomes.record(mail, owner.asString(), new OwnerVerdict.Queued(
                    OwnerVerdict.Queued.DeferredMode.of(prefs.deferredDelivery()), !added.created()));
                LOGGER.debug("{} queued for {} as deferred entry {} ({})", object.key(), owner.asString(), added.id(), prefs.deferredDelivery());
                if (added.created()) {
                    for (QueuedMessageListener listener : listeners) {
                        listener.queued(owner.asString(), prefs);
                    }
                }
            } catch (CpmFormatException e) {
                outcomes.record(mail, owner.asString(), OwnerVerdict.refusal(RefusalCode.INVALID_HANDOVER, e));
            } catch (Exception e) {
                LOGGER.warn("queueing {} for {} failed", object.key(), owner.asString(), e);
                outcomes.record(mail, owner.asString(), OwnerVerdict.TemporaryFailure.STORAGE);
                failures.add(owner.asString() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty() && !outcomes.isOpen(mail)) {
            throw new MessagingException("deferred queueing failed for " + String.join("; ", failures));
        }
        if (remaining.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(remaining);
        }
    }

    private DeferredQueue.NewEntry entry(String owner, CpmInspection object, byte[] raw) throws CpmFormatException {
        HeaderBlock header = HeaderBlock.parse(raw, 0, MimeLimits.DEFAULT, true, "object header");
        Instant expires = TemporaryObjects.expiry(raw, clock, policy.deferredExpiryDefault(), policy.deferredExpiryMax());
        Instant date = header.first(CpmHeaders.DATE).flatMap(TemporaryObjects::parseDate).orElse(clock.instant());
        String recipient = object.to().isEmpty() ? "sip:" + owner : object.to().get(0).uri();
        return new DeferredQueue.NewEntry(owner, object.key(), object.originator().uri(), recipient,
            header.first(CpmHeaders.SUBJECT).map(String::trim), date, object.conversationId(), object.contributionId(),
            header.first(CpmHeaders.IMDN_MESSAGE_ID).map(String::trim), raw, expires);
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: deferred queue (options 1 and 2)";
    }
}

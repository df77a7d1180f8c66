package org.cpmmss.recording.pipeline;

import org.cpmmss.recording.port.NotificationStateStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.policy.GroupUris;
import org.cpmmss.recording.port.DispositionAggregates;
import org.cpmmss.recording.port.DispositionTicks;
import org.cpmmss.recording.port.NotificationRoute;
import org.cpmmss.recording.port.PipelineMetrics;
import org.cpmmss.recording.port.StoredMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disposition notifications (docs/notifications.md), between {@code ResolveConversationFolders} and
 * {@code SessionCollector}/{@code FileIntoConversation}. Other objects pass untouched.
 *
 * <ol>
 *   <li>Anonymous messages get no notifications: a notification whose {@code To} (the originator of the
 *       reported message) is anonymous, or whose reported message is stored in the reporter's store with an
 *       anonymous {@code From}, is refused for every owner ("no disposition notifications for anonymous
 *       messages"; LMTP 554, spooled SMTP: the {@code cpm-refused} repository).</li>
 *   <li>Multi-device first-wins: the key (reported IMDN-Message-ID, reporting user, delivery|display) is
 *       claimed in {@link NotificationStateStore}; a later notification of another device for the same key
 *       is suppressed for every owner: answered as success (a Repeat verdict, "suppressed (first-wins)"), counted in the metric
 *       {@code cpm.notifications.suppressed}, logged, never stored.</li>
 *   <li>Keywords ({@link DispositionKeyword}, set through {@link StoredMessages}): on each receiving owner's copy of the reported message
 *       {@code $delivered}, {@code $displayed} or {@code $delivery-failed}; in the reporter's own store
 *       {@code $read-report-sent} on the message a {@code displayed} report was sent for.</li>
 *   <li>{@code cpm.notifications.aggregate=true}, group chats: the originator's store gets one aggregate
 *       object per message ({@link DispositionAggregates}) instead of each notification; that owner's outcome is
 *       recorded here and the owner removed from the mail's recipients.</li>
 * </ol>
 *
 * <p>Pipeline step 7 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link ResolveConversationFolders}, before {@link SessionCollector}.</p>
 */
public class DispositionNotifications extends GenericMailet {
    public static final String ANONYMOUS = "no disposition notifications for anonymous messages";
    public static final String SUPPRESSED_METRIC = "cpm.notifications.suppressed";
    private static final Logger LOGGER = LoggerFactory.getLogger(DispositionNotifications.class);

    private final NotificationStateStore state;
    private final CpmStateStore recordingState;
    private final StoredMessages messages;
    private final DispositionAggregates aggregates;
    private final boolean aggregate;
    private final VerdictRegistry outcomes;
    private final PipelineMetrics metrics;
    private final DispositionTicks pendingTicks;
    private final NotificationRoute notifications;
    private final CpmAddressNormalizer normalizer;
    private final GroupUris groupUris;
    private String refusedProcessor;

    @Inject
    public DispositionNotifications(NotificationStateStore state, CpmStateStore recordingState, StoredMessages messages,
                                    DispositionAggregates aggregates, VerdictRegistry outcomes,
                                    PipelineMetrics metrics, DispositionTicks pendingTicks,
                                    NotificationRoute notifications, CpmAddressNormalizer normalizer, CpmPolicy policy) {
        this.normalizer = normalizer;
        this.groupUris = policy.conferenceFactoryUris();
        this.aggregate = policy.notificationsAggregate();
        this.state = state;
        this.recordingState = recordingState;
        this.messages = messages;
        this.aggregates = aggregates;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.pendingTicks = pendingTicks;
        this.notifications = notifications;
    }

    @Override
    public void init() {
        refusedProcessor = getInitParameter("refusedProcessor", "cpm-refused");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<CpmInspection> inspected = CpmMailAttributes.inspection(mail);
        if (inspected.isEmpty() || inspected.get().type() != CpmObjectType.DISPOSITION_NOTIFICATION
                || inspected.get().reportedMessageId().isEmpty() || mail.getRecipients().isEmpty()) {
            return;
        }
        CpmInspection object = inspected.get();
        String referenced = object.reportedMessageId().get();
        ImdnNotification notification;
        try {
            notification = new CpmObjects().readNotification(StoredObject.parse(ValidateCpmObject.objectBytes(mail)));
        } catch (CpmFormatException e) {
            ValidateCpmObject.refuse(mail, OwnerVerdict.refusal(RefusalCode.INVALID_NOTIFICATION, e), outcomes, refusedProcessor);
            return;
        }
        String reporter = object.originator().uri();
        try {
            if (object.to().stream().anyMatch(CpmAddress::isAnonymous) || reportedAnonymously(mail, object, referenced)) {
                LOGGER.info("notification {} about {} refused: the reported message is anonymous", object.key(), referenced);
                ValidateCpmObject.refuse(mail, new OwnerVerdict.Refused(RefusalCode.INVALID_NOTIFICATION, ANONYMOUS), outcomes,
                    refusedProcessor);
                return;
            }
            if (notification.kind() != NotificationKind.PROCESSING) {
                String kind = notification.kind() == NotificationKind.DELIVERY ? "delivery" : "display";
                NotificationStateStore.Claim claim = state.claim(referenced, reporter, kind, object.key());
                if (claim == NotificationStateStore.Claim.SUPPRESSED) {
                    metrics.increment(SUPPRESSED_METRIC);
                    LOGGER.info("{} notification {} by {} about {} suppressed: another device's came first",
                        kind, object.key(), reporter, referenced);
                    for (MailAddress owner : mail.getRecipients()) {
                        outcomes.record(mail, owner.asString(), new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.SUPPRESSED_FIRST_WINS,
                            Optional.empty(), 0, 0));
                    }
                    mail.setState(Mail.GHOST);
                    return;
                }
            }
            if (notification.kind() != NotificationKind.PROCESSING) {
                sendLateIfGroupHandOver(mail, object, referenced);
            }
            List<MailAddress> remaining = new ArrayList<>();
            for (MailAddress owner : mail.getRecipients()) {
                if (!tick(mail, object, notification, referenced, reporter, owner)) {
                    remaining.add(owner);
                }
            }
            if (remaining.isEmpty()) {
                mail.setState(Mail.GHOST);
            } else if (remaining.size() != mail.getRecipients().size()) {
                mail.setRecipients(remaining);
            }
        } catch (Exception e) {
            LOGGER.warn("disposition handling of {} failed", object.key(), e);
            for (MailAddress owner : mail.getRecipients()) {
                outcomes.record(mail, owner.asString(), OwnerVerdict.TemporaryFailure.STORAGE);
            }
            if (!outcomes.isOpen(mail)) {
                throw new MessagingException("disposition handling of " + object.key() + " failed", e);
            }
            mail.setState(Mail.GHOST);
        }
    }

    /** Sets the owner's keyword; true when the owner was fully handled here (aggregate stored instead). */
    private boolean tick(Mail mail, CpmInspection object, ImdnNotification notification, String referenced,
                         String reporter, MailAddress owner) throws Exception {
        String account = owner.asString();
        Optional<StoredMessages.Located> copy = messages.locate(account, referenced);
        if (ConversationFolders.isOriginator(owner, object.originator())) {
            if (notification.kind() == NotificationKind.DISPLAY
                    && notification.status() == org.cpmmss.cpm.imdn.ImdnStatus.DISPLAYED) {
                if (copy.isPresent()) {
                    messages.add(account, copy.get(), DispositionKeyword.READ_REPORT_SENT);
                } else {
                    pendingTicks.tickOrKeep(account, referenced, DispositionKeyword.READ_REPORT_SENT);
                }
            }
            return false;
        }
        Optional<String> keyword = DispositionKeyword.originatorKeyword(notification.kind(), notification.status());
        if (copy.isPresent() && keyword.isPresent()) {
            messages.add(account, copy.get(), keyword.get());
        } else if (keyword.isPresent()) {
            // not stored yet (held in an on-completion session, or the message comes later): set when it is
            pendingTicks.tickOrKeep(account, referenced, keyword.get());
        }
        if (aggregate && copy.isPresent() && notification.kind() != NotificationKind.PROCESSING
                && isGroup(object, account, copy.get())) {
            FolderPath folder = OwnerFolders.of(mail, owner).orElse(OwnerFolders.parse(copy.get().folder()));
            String originatorUri = object.to().stream().findFirst().map(CpmAddress::uri).orElse(account);
            OwnerVerdict outcome = aggregates.update(account, originatorUri, folder, referenced,
                object.conversationId(), object.contributionId(), new NotificationStateStore.Entry(reporter,
                    notification.kind() == NotificationKind.DELIVERY ? "delivery" : "display",
                    notification.status().element(), notification.dateTime().toString()));
            outcomes.record(mail, account, outcome);
            return true;
        }
        if (notification.kind() != NotificationKind.PROCESSING) {
            // who reported what, for GET /cpm/v1/users/{user}/dispositions/{id} (the aggregate path records it itself)
            state.putEntry(account, referenced, new NotificationStateStore.Entry(reporter,
                notification.kind() == NotificationKind.DELIVERY ? "delivery" : "display",
                notification.status().element(), notification.dateTime().toString()));
        }
        return false;
    }

    /**
     * A first report by a member about a group-chat message the member got as a deferred hand-over: the session
     * is over, so it goes to the originator as a separate pager-mode message ({@link NotificationRoute#lateGroupNotification}).
     */
    private void sendLateIfGroupHandOver(Mail mail, CpmInspection object, String referenced) throws Exception {
        if (object.to().isEmpty()) {
            return;
        }
        for (MailAddress owner : mail.getRecipients()) {
            if (!ConversationFolders.isOriginator(owner, object.originator())) {
                continue;
            }
            Optional<StoredMessages.Located> copy = messages.locate(owner.asString(), referenced);
            if (copy.isPresent() && copy.get().handedOver() && isGroup(object, owner.asString(), copy.get())) {
                notifications.lateGroupNotification(object.key(), ValidateCpmObject.objectBytes(mail), object.to().get(0));
                return;
            }
        }
    }

    private boolean isGroup(CpmInspection object, String account, StoredMessages.Located copy) {
        if (object.group().orElse(false)) {
            return true;
        }
        if (object.contributionId().flatMap(id -> recordingState.sessionKind(account, id)).orElse(false)) {
            return true;
        }
        return copy.to().map(to -> to.contains(",") || isGroupUri(to)).orElse(false);
    }

    /** The reported message was sent to a conference factory or a group session URI (design.md, "Group or 1-1"). */
    private boolean isGroupUri(String to) {
        try {
            return groupUris.isGroupUri(normalizer.normalize(to.trim()));
        } catch (CpmFormatException e) {
            return false;
        }
    }

    /** The reporter's recorded copy of the reported message names an anonymous originator. */
    private boolean reportedAnonymously(Mail mail, CpmInspection object, String referenced) throws Exception {
        for (MailAddress owner : mail.getRecipients()) {
            if (!ConversationFolders.isOriginator(owner, object.originator())) {
                continue;
            }
            Optional<StoredMessages.Located> copy = messages.locate(owner.asString(), referenced);
            if (copy.isPresent() && copy.get().from().isPresent()) {
                try {
                    if (normalizer.normalize(copy.get().from().get()).isAnonymous()) {
                        return true;
                    }
                } catch (CpmFormatException e) {
                    // an unreadable From is not an anonymous one
                }
            }
        }
        return false;
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: disposition notifications (anonymous refusal, first-wins, keywords, aggregates)";
    }
}

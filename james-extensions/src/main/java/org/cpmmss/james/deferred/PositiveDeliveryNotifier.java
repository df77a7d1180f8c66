package org.cpmmss.james.deferred;

import org.cpmmss.recording.pipeline.DispositionKeyword;
import org.cpmmss.recording.port.StoredMessages;
import org.cpmmss.james.notifications.DispositionKeywords;
import org.cpmmss.james.notifications.HostedAccounts;
import org.cpmmss.recording.port.OwnerDirectory;
import org.cpmmss.james.outbound.OutboxSender;
import org.cpmmss.recording.port.NotificationStateStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.Flags;

import org.apache.james.core.MailAddress;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.recording.pipeline.ConversationFolders;
import org.cpmmss.james.mailbox.conversation.MailboxConversationStore;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmObjectInspector;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The positive delivery notification of a hand-over (seed §5.2.5.3: a message delivered to the MSS counts as
 * delivered): an IMDN {@code delivered} from the recipient to the originator about the handed-over message.
 *
 * <ul>
 *   <li>Stored synchronously, as a {@code received} disposition notification, in the originator's conversation
 *       folder when the originator is an account of this server — through {@link ConversationFolders} and
 *       {@link MailboxConversationStore} exactly like the pipeline's last two steps (idempotent: the notification's
 *       IMDN-Message-ID is derived from the message's and the recipient's, so a resend stores nothing new).</li>
 *   <li>Queued in the durable notification outbox ({@link OutboxSender}) for the originator, when an outbound
 *       route is configured (SIP {@code sip.outbound.pf}, else the SMTP relay {@code cpm.notifications.outbound-relay}
 *       or {@code cpm.deferred.outbound-relay}): sent in the background with retries (docs/notifications.md).</li>
 * </ul>
 */
@Singleton
public class PositiveDeliveryNotifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(PositiveDeliveryNotifier.class);

    private final MailboxConversationStore store;
    private final ConversationFolders folders;
    private final CpmObjectInspector inspector;
    private final Clock clock;
    private final NotificationStateStore firstWins;
    private final DispositionKeywords keywords;
    private final OutboxSender outbox;
    private final HostedAccounts accounts;

    @Inject
    public PositiveDeliveryNotifier(MailboxConversationStore store, ConversationFolders folders, CpmPolicy policy,
                                    Clock clock,
                                    NotificationStateStore firstWins, DispositionKeywords keywords,
                                    OutboxSender outbox, HostedAccounts accounts) {
        this.store = store;
        this.folders = folders;
        this.inspector = new CpmObjectInspector(policy);
        this.clock = clock;
        this.firstWins = firstWins;
        this.keywords = keywords;
        this.outbox = outbox;
        this.accounts = accounts;
    }

    /** The notification object (headers and message/cpim) by {@code recipient} about {@code object}. */
    byte[] build(CpmInspection object, String messageId, MailAddress recipient) throws Exception {
        String recipientUri = uriOf(recipient);
        String originatorUri = object.originator().uri();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        String id = "dlv-" + UUID.nameUUIDFromBytes((messageId + "\n" + recipient.asString().toLowerCase())
            .getBytes(StandardCharsets.UTF_8));
        ImdnNotification delivered = new ImdnNotification(messageId, now, Optional.of(recipientUri), Optional.empty(),
            Optional.empty(), NotificationKind.DELIVERY, ImdnStatus.DELIVERED);
        CpmObjectHeaders.Builder h = CpmObjectHeaders.builder().date(now).from(recipientUri).to(originatorUri)
            .imdnMessageId(id).direction(Direction.RECEIVED);
        object.conversationId().ifPresent(h::conversationId);
        object.contributionId().ifPresent(h::contributionId);
        return new CpmObjects().dispositionNotification(h.build(), ImdnCpim.wrap(recipientUri, originatorUri, id, now, delivered))
            .bytes();
    }

    /** Stores (hosted originator) and relays (configured relay) the notification. Never throws. */
    public void notifyDelivered(CpmInspection object, String messageId, MailAddress recipient) {
        byte[] notification;
        try {
            notification = build(object, messageId, recipient);
        } catch (Exception e) {
            LOGGER.warn("cannot build the delivery notification of {} for {}", messageId, recipient.asString(), e);
            return;
        }
        CpmInspection inspected;
        try {
            inspected = inspector.inspect(notification);
        } catch (Exception e) {
            LOGGER.warn("cannot inspect the delivery notification of {} for {}", messageId, recipient.asString(), e);
            return;
        }
        // The notification generated at hand-over is the first delivery report of (message, recipient): a later
        // one from any of the recipient's devices is suppressed by first-wins (docs/notifications.md).
        firstWins.claim(messageId, uriOf(recipient), "delivery", inspected.key());
        Optional<String> hostedOriginator;
        try {
            hostedOriginator = accounts.account(object.originator());
        } catch (OwnerDirectory.DirectoryUnavailable e) {
            LOGGER.warn("cannot store the delivery notification of {} for {}: {}", messageId, object.originator().uri(),
                e.getMessage());
            hostedOriginator = Optional.empty();
        }
        hostedOriginator.ifPresent(account -> {
            try {
                MailAddress owner = new MailAddress(account);
                OwnerVerdict.Filed outcome = store.store(account, folders.folder(owner, inspected), inspected.key(), notification,
                    new Flags());
                LOGGER.debug("delivery notification of {} for {}: {}", messageId, account, outcome);
                firstWins.putEntry(account, messageId, new NotificationStateStore.Entry(uriOf(recipient), "delivery",
                    "delivered", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString()));
                Optional<StoredMessages.Located> sentCopy = keywords.locate(account, messageId);
                if (sentCopy.isPresent()) {
                    keywords.add(account, sentCopy.get(), DispositionKeyword.DELIVERED);
                } else {
                    firstWins.addPendingTick(new NotificationStateStore.PendingTick(account, messageId,
                        DispositionKeyword.DELIVERED));
                }
            } catch (Exception e) {
                LOGGER.warn("cannot store the delivery notification of {} for {}", messageId, account, e);
            }
        });
        try {
            outbox.submit(inspected.key(), accounts.envelopeRecipient(object.originator()), notification);
        } catch (RuntimeException e) {
            LOGGER.warn("cannot queue the delivery notification of {} for {}", messageId, object.originator().uri(), e);
        }
    }

    static String uriOf(MailAddress account) {
        return HostedAccounts.uriOf(account);
    }

}

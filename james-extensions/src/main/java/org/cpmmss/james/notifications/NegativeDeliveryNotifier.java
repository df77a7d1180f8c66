package org.cpmmss.james.notifications;

import org.cpmmss.recording.pipeline.DispositionKeyword;
import org.cpmmss.recording.port.NotificationStateStore;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.MailAddress;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.james.outbound.OutboxSender;
import org.cpmmss.recording.pipeline.ConversationFolders;
import org.cpmmss.james.mailbox.conversation.MailboxConversationStore;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmObjectInspector;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.policy.CpmPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminating side's negative delivery notification (seed 5.2.6.1) for a message that could not be handed
 * over or delivered to a recipient: the recipient is not hosted here, the object was refused, it expired in the
 * deferred queue… Call {@link #notifyFailed} with the message object's bytes (as submitted or as queued).
 *
 * <p>When the message asked for {@code negative-delivery} and was not sent anonymously, the IMDN {@code failed}
 * notification ({@link NegativeDeliveryNotifications}) is: claimed as the first delivery report of (message,
 * recipient) — a report already claimed (the message was delivered) means nothing is generated; stored as a
 * {@code received} notification in the originator's conversation when the originator is hosted here, with
 * {@code $delivery-failed} on the originator's copy of the message (kept pending if that copy is not stored yet);
 * and queued in the notification outbox for the originator. Never for the originating side: this is only called
 * where this server hands a message over to its recipient.</p>
 */
public class NegativeDeliveryNotifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(NegativeDeliveryNotifier.class);

    /** What {@link #notifyFailed} did. */
    public enum Result {
        /** Generated: stored for a hosted originator and/or queued for sending. */
        NOTIFIED,
        /** Not asked for, anonymous, no IMDN-Message-ID, or the recipient is the originator. */
        NOT_REQUESTED,
        /** The recipient's delivery report for this message was already claimed (e.g. it was delivered). */
        ALREADY_REPORTED,
        /** Could not be built or stored (logged). */
        FAILED
    }

    private final MailboxConversationStore store;
    private final ConversationFolders folders;
    private final CpmObjectInspector inspector;
    private final HostedAccounts accounts;
    private final NotificationStateStore firstWins;
    private final PendingTicks ticks;
    private final OutboxSender outbox;
    private final Clock clock;
    private final CpmAddressNormalizer normalizer;

    @Inject
    public NegativeDeliveryNotifier(MailboxConversationStore store, ConversationFolders folders, CpmPolicy policy,
                                    HostedAccounts accounts, NotificationStateStore firstWins, PendingTicks ticks,
                                    OutboxSender outbox, Clock clock) {
        this.store = store;
        this.folders = folders;
        this.inspector = new CpmObjectInspector(policy);
        this.normalizer = policy.addressNormalizer();
        this.accounts = accounts;
        this.firstWins = firstWins;
        this.ticks = ticks;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param message      the message object that could not be delivered (outer headers and message/cpim body)
     * @param recipientUri the recipient it was for ({@code tel:+E164}, {@code sip:…} or an account {@code local@domain})
     * @param reason       why, for the log ("recipient not hosted here", "expired in the deferred queue"…)
     * Never throws.
     */
    public Result notifyFailed(byte[] message, String recipientUri, String reason) {
        try {
            CpmAddress recipient = normalizer.normalize(recipientUri.contains(":") ? recipientUri
                : HostedAccounts.uriOf(new MailAddress(recipientUri)));
            OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            Optional<byte[]> built = NegativeDeliveryNotifications.forFailedHandOver(message, recipient.uri(), now,
                normalizer);
            if (built.isEmpty()) {
                return Result.NOT_REQUESTED;
            }
            byte[] notification = built.get();
            CpmInspection inspected = inspector.inspect(notification);
            String referenced = inspected.reportedMessageId().orElseThrow();
            CpmAddress originator = inspected.to().get(0);
            if (originator.uri().equalsIgnoreCase(recipient.uri())) {
                return Result.NOT_REQUESTED;
            }
            if (firstWins.claim(referenced, recipient.uri(), "delivery", inspected.key())
                    == NotificationStateStore.Claim.SUPPRESSED) {
                LOGGER.info("no negative delivery notification of {} for {}: its delivery was already reported",
                    referenced, recipient.uri());
                return Result.ALREADY_REPORTED;
            }
            Optional<String> account = accounts.account(originator);
            if (account.isPresent()) {
                OwnerVerdict.Filed outcome = store.store(account.get(), folders.folder(new MailAddress(account.get()), inspected),
                    inspected.key(), notification, new Flags());
                LOGGER.debug("negative delivery notification of {} for {}: {}", referenced, account.get(), outcome);
                ticks.tickOrKeep(account.get(), referenced, DispositionKeyword.DELIVERY_FAILED);
                firstWins.putEntry(account.get(), referenced, new NotificationStateStore.Entry(recipient.uri(), "delivery",
                    "failed", now.toString()));
            }
            boolean queued = outbox.submit(inspected.key(),
                accounts.envelopeRecipient(originator), notification);
            LOGGER.info("negative delivery notification of {} by {} for {} ({}): stored {}, queued {}", referenced,
                recipient.uri(), originator.uri(), reason, account.isPresent(), queued);
            return Result.NOTIFIED;
        } catch (Exception e) {
            LOGGER.warn("cannot notify the failed delivery to {} ({})", recipientUri, reason, e);
            return Result.FAILED;
        }
    }
}

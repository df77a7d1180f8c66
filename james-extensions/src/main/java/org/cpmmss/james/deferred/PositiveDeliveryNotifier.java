package org.cpmmss.james.deferred;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.Flags;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.james.recording.ConversationFolders;
import org.cpmmss.james.recording.ConversationStore;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmObjectInspector;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.outcome.OwnerOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The positive delivery notification of a hand-over (seed §5.2.5.3: a message delivered to the MSS counts as
 * delivered): an IMDN {@code delivered} from the recipient to the originator about the handed-over message.
 *
 * <ul>
 *   <li>Stored synchronously, as a {@code received} disposition notification, in the originator's conversation
 *       folder when the originator is an account of this server — through {@link ConversationFolders} and
 *       {@link ConversationStore} exactly like the pipeline's last two steps (idempotent: the notification's
 *       IMDN-Message-ID is derived from the message's and the recipient's, so a resend stores nothing new).</li>
 *   <li>Sent once to the PF through {@code cpm.deferred.outbound-relay} (SMTP, envelope recipient = the
 *       originator's account or URI), when configured, in the background (the door's answer never waits for
 *       the PF). Best effort: a relay failure is logged, not retried.</li>
 * </ul>
 */
@Singleton
public class PositiveDeliveryNotifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(PositiveDeliveryNotifier.class);

    private final ConversationStore store;
    private final ConversationFolders folders;
    private final CpmObjectInspector inspector;
    private final UsersRepository users;
    private final DomainList domains;
    private final DeferredSettings settings;
    private final Clock clock;
    /** Relaying never delays the door's answer: one background sender, best effort. */
    private final java.util.concurrent.ExecutorService relayer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cpm-deferred-relay");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public PositiveDeliveryNotifier(ConversationStore store, ConversationFolders folders, CpmPolicy policy,
                                    UsersRepository users, DomainList domains, DeferredSettings settings, Clock clock) {
        this.store = store;
        this.folders = folders;
        this.inspector = new CpmObjectInspector(policy);
        this.users = users;
        this.domains = domains;
        this.settings = settings;
        this.clock = clock;
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
        originatorAccount(object.originator()).ifPresent(account -> {
            try {
                MailAddress owner = new MailAddress(account);
                CpmInspection inspected = inspector.inspect(notification);
                OwnerOutcome outcome = store.store(account, folders.folder(owner, inspected), inspected.key(), notification,
                    new Flags());
                LOGGER.debug("delivery notification of {} for {}: {}", messageId, account, outcome);
            } catch (Exception e) {
                LOGGER.warn("cannot store the delivery notification of {} for {}", messageId, account, e);
            }
        });
        settings.relayHost().ifPresent(host -> relayer.execute(() -> relay(host, notification, object.originator())));
    }

    private void relay(String host, byte[] notification, CpmAddress originator) {
        try {
            Properties props = new Properties();
            props.put("mail.smtp.host", host);
            props.put("mail.smtp.port", String.valueOf(settings.relayPort()));
            props.put("mail.smtp.from", "postmaster@" + domains.getDefaultDomain().asString());
            props.put("mail.smtp.connectiontimeout", "10000");
            props.put("mail.smtp.timeout", "10000");
            Session session = Session.getInstance(props);
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(notification)) {
                @Override
                protected void updateMessageID() {
                    // keep the object's headers as they are
                }
            };
            String rcpt = originatorAccount(originator).orElse(originator.value().startsWith("+")
                ? originator.value() + "@" + domains.getDefaultDomain().asString() : originator.value());
            Transport.send(message, new InternetAddress[] {new InternetAddress(rcpt)});
        } catch (Exception e) {
            LOGGER.warn("cannot relay a delivery notification to {}:{}", host, settings.relayPort(), e);
        }
    }

    @javax.annotation.PreDestroy
    public void stop() {
        relayer.shutdown();
    }

    /** The account of this server that is {@code address}, if any. */
    Optional<String> originatorAccount(CpmAddress address) {
        try {
            switch (address.kind()) {
                case SIP -> {
                    return users.contains(Username.of(address.value())) ? Optional.of(address.value()) : Optional.empty();
                }
                case TEL -> {
                    for (Domain d : domains.getDomains()) {
                        String candidate = address.value() + "@" + d.asString();
                        if (users.contains(Username.of(candidate))) {
                            return Optional.of(candidate);
                        }
                    }
                    return Optional.empty();
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (Exception e) {
            LOGGER.warn("cannot look up {}", address, e);
            return Optional.empty();
        }
    }

    static String uriOf(MailAddress account) {
        String local = account.getLocalPart();
        return local.startsWith("+") ? "tel:" + local : "sip:" + account.asString();
    }

}

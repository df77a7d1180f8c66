package org.cpmmss.james.notifications;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;

/**
 * The negative-delivery notification to generate when the hand-over of a message to a recipient fails
 * (seed 5.2.6.1: "the terminating CPM Participating Function … SHALL notify the originating CPM User of the
 * failure"). For the deferred hand-over engine (issue 7), which submits the returned object through the
 * recording pipeline like any notification (owners: the originator, and the recipient if hosted): it is then
 * filed in the originator's conversation, ticks {@code $delivery-failed} and takes the first-wins delivery
 * key of (message, recipient).
 *
 * <p>Nothing is generated when the message did not ask for {@code negative-delivery} in its CPIM
 * {@code imdn.Disposition-Notification}, when it was sent anonymously (outer {@code From} anonymous), or
 * when it has no IMDN-Message-ID. The notification's id is derived from the message's id and the
 * recipient, so generating it twice yields the same object (the pipeline stores it once).</p>
 */
public final class NegativeDeliveryNotifications {
    /** Outer header naming the Non-CPM Communication Service of a non-CPM originator (docs/notifications.md). */
    public static final String NON_CPM_SERVICE_IDENTIFIER = "Non-CPM-Service-Identifier";
    private NegativeDeliveryNotifications() {
    }

    /**
     * @param message the stored or submitted message object (outer headers and message/cpim body)
     * @param recipientUri the recipient whose hand-over failed ({@code tel:+E164} / {@code sip:…})
     * @param now the time of the failure
     * @param normalizer the configured address normaliser ({@code cpm.address.country-code})
     */
    public static Optional<byte[]> forFailedHandOver(byte[] message, String recipientUri, OffsetDateTime now,
                                                     CpmAddressNormalizer normalizer) throws CpmFormatException {
        StoredObject object = StoredObject.parse(message);
        CpmObjectHeaders h = object.headers();
        CpimMessage cpim;
        try {
            cpim = new CpmObjects().readCpim(object);
        } catch (CpmFormatException e) {
            return Optional.empty();
        }
        if (!cpim.dispositionNotification().contains(DispositionRequest.NEGATIVE_DELIVERY)) {
            return Optional.empty();
        }
        Optional<String> reported = cpim.imdnMessageId().or(h::imdnMessageId);
        if (h.from().isEmpty() || reported.isEmpty()) {
            return Optional.empty();
        }
        CpmAddress originator = normalizer.normalize(h.from().get());
        if (originator.isAnonymous()) {
            return Optional.empty();
        }
        CpmAddress recipient = normalizer.normalize(recipientUri);
        String id = "ndn-" + digest(reported.get() + "\n" + recipient.uri());
        ImdnNotification notification = ImdnNotification.of(reported.get(), now, NotificationKind.DELIVERY,
            ImdnStatus.FAILED);
        CpimMessage wrapped = ImdnCpim.wrap(recipient.uri(), originator.uri(), id, now, notification);
        CpmObjectHeaders.Builder headers = CpmObjectHeaders.builder()
            .date(DateTimeFormatter.RFC_1123_DATE_TIME.format(now))
            .from(recipient.uri())
            .to(originator.uri())
            .imdnMessageId(id)
            .direction(Direction.RECEIVED); // replaced per owner by the pipeline
        h.conversationId().ifPresent(headers::conversationId);
        h.contributionId().ifPresent(headers::contributionId);
        byte[] built = new CpmObjects().dispositionNotification(headers.build(), wrapped).bytes();
        return Optional.of(withNonCpmServiceIdentifier(built, message));
    }

    /**
     * Seed 5.2.6: a notification towards a non-CPM address is accompanied by the Non-CPM Communication Service
     * Identifier of the received message. When the reported message carries the outer header
     * {@value #NON_CPM_SERVICE_IDENTIFIER} (its originator is a non-CPM principal reached through interworking),
     * the notification gets the same header and value; otherwise it is returned unchanged.
     */
    public static byte[] withNonCpmServiceIdentifier(byte[] notification, byte[] reportedMessage) throws CpmFormatException {
        Optional<String> identifier = HeaderBlock.parse(reportedMessage, 0, MimeLimits.DEFAULT, true, "message header")
            .first(NON_CPM_SERVICE_IDENTIFIER).map(String::trim).filter(v -> !v.isEmpty());
        if (identifier.isEmpty()) {
            return notification;
        }
        if (identifier.get().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new CpmFormatException(NON_CPM_SERVICE_IDENTIFIER + " has a control character");
        }
        HeaderBlock block = HeaderBlock.parse(notification, 0, MimeLimits.DEFAULT, true, "notification header");
        int insertAt = block.fieldEnd(block.fields().size() - 1);
        byte[] line = (NON_CPM_SERVICE_IDENTIFIER + ": " + identifier.get() + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[notification.length + line.length];
        System.arraycopy(notification, 0, out, 0, insertAt);
        System.arraycopy(line, 0, out, insertAt, line.length);
        System.arraycopy(notification, insertAt, out, insertAt + line.length, notification.length - insertAt);
        return out;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

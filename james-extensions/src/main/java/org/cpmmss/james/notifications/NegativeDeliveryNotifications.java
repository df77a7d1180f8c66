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
import org.cpmmss.cpm.imdn.DispositionRequest;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
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
    private NegativeDeliveryNotifications() {
    }

    /**
     * @param message the stored or submitted message object (outer headers and message/cpim body)
     * @param recipientUri the recipient whose hand-over failed ({@code tel:+E164} / {@code sip:…})
     * @param now the time of the failure
     */
    public static Optional<byte[]> forFailedHandOver(byte[] message, String recipientUri, OffsetDateTime now)
            throws CpmFormatException {
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
        CpmAddressNormalizer normalizer = new CpmAddressNormalizer();
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
        return Optional.of(new CpmObjects().dispositionNotification(headers.build(), wrapped).bytes());
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

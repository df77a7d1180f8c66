package org.cpmmss.cpm.imdn;

import java.time.OffsetDateTime;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.mime.HeaderField;

/** Disposition notifications carried in message/cpim. */
public final class ImdnCpim {
    private ImdnCpim() {
    }

    /**
     * The message/cpim of a notification: {@code From}, {@code To}, {@code NS: imdn}, {@code imdn.Message-ID}
     * (the notification's own id), {@code DateTime}, payload {@code message/imdn+xml} with
     * {@code Content-Disposition: notification}.
     */
    public static CpimMessage wrap(String fromUri, String toUri, String notificationId, OffsetDateTime sent,
                                   ImdnNotification notification) throws CpmFormatException {
        return CpimMessage.builder()
                .from(fromUri)
                .to(toUri)
                .imdnNamespace()
                .imdnMessageId(notificationId)
                .dateTime(sent)
                .payload(ImdnNotification.CONTENT_TYPE + "; charset=utf-8", notification.toXml(),
                        new HeaderField("Content-Disposition", "notification"))
                .build();
    }

    /** The notification inside a message/cpim; a typed error when the payload is not message/imdn+xml or invalid. */
    public static ImdnNotification unwrap(CpimMessage cpim) throws CpmFormatException {
        if (!cpim.payloadContentType().is(ImdnNotification.CONTENT_TYPE)) {
            throw new CpmFormatException("message/cpim payload is not " + ImdnNotification.CONTENT_TYPE);
        }
        return ImdnNotification.parse(cpim.payload().decodedBody());
    }
}

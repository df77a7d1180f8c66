package org.cpmmss.recording.pipeline;

import java.util.Optional;

import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;

/**
 * The IMAP keywords disposition state is kept in (docs/notifications.md): on the originator's copy of a message
 * {@code $delivered}, {@code $displayed} or {@code $delivery-failed}; on the reporter's own copy
 * {@code $read-report-sent}. Helper of {@link DispositionNotifications}.
 */
public final class DispositionKeyword {
    public static final String DELIVERED = "$delivered";
    public static final String DISPLAYED = "$displayed";
    public static final String DELIVERY_FAILED = "$delivery-failed";
    public static final String READ_REPORT_SENT = "$read-report-sent";

    private DispositionKeyword() {
    }

    /** The keyword the originator's copy gets for a notification, if any. */
    public static Optional<String> originatorKeyword(NotificationKind kind, ImdnStatus status) {
        return switch (kind) {
            case DELIVERY -> Optional.of(status == ImdnStatus.DELIVERED ? DELIVERED : DELIVERY_FAILED);
            case DISPLAY -> status == ImdnStatus.DISPLAYED ? Optional.of(DISPLAYED) : Optional.empty();
            case PROCESSING -> Optional.empty();
        };
    }
}

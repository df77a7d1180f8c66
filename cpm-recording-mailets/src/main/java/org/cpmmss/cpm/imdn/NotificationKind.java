package org.cpmmss.cpm.imdn;

import java.util.EnumSet;
import java.util.Set;

/** The three IMDN notification elements of RFC 5438 and the statuses each allows. */
public enum NotificationKind {
    DELIVERY("delivery-notification",
            EnumSet.of(ImdnStatus.DELIVERED, ImdnStatus.FAILED, ImdnStatus.FORBIDDEN, ImdnStatus.ERROR)),
    DISPLAY("display-notification", EnumSet.of(ImdnStatus.DISPLAYED, ImdnStatus.FORBIDDEN, ImdnStatus.ERROR)),
    PROCESSING("processing-notification",
            EnumSet.of(ImdnStatus.PROCESSED, ImdnStatus.STORED, ImdnStatus.FORBIDDEN, ImdnStatus.ERROR));

    private final String element;
    private final Set<ImdnStatus> allowed;

    NotificationKind(String element, Set<ImdnStatus> allowed) {
        this.element = element;
        this.allowed = allowed;
    }

    public String element() {
        return element;
    }

    public boolean allows(ImdnStatus status) {
        return allowed.contains(status);
    }
}

package org.cpmmss.james.notifications;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents.Added;

/**
 * When a message is added to a folder of an owner who has pending ticks ({@link PendingTicks}), sets those owed to
 * it (matched by its IMDN-Message-ID header). When the added message is an {@code on-completion} session object,
 * the messages it holds are found through the recorded keys, which the pipeline marks right after the append: that
 * lookup is repeated a few times over about fifteen seconds (this listener runs asynchronously, off the door's
 * thread).
 */
public class PendingTicksListener implements EventListener.GroupEventListener {
    public static class PendingTicksGroup extends Group {
    }

    private static final Group GROUP = new PendingTicksGroup();
    private static final long[] WAITS_MILLIS = {200, 800, 2000, 4000, 8000};

    private final PendingTicks ticks;

    @Inject
    public PendingTicksListener(PendingTicks ticks) {
        this.ticks = ticks;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.ASYNCHRONOUS;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof Added;
    }

    @Override
    public void event(Event event) throws Exception {
        if (!(event instanceof Added added)) {
            return;
        }
        String owner = added.getUsername().asString();
        if (!ticks.hasPending(owner)) {
            return;
        }
        boolean sessionObject = ticks.applyToAdded(owner, added.getMailboxId(), java.util.List.copyOf(added.getUids()));
        if (!sessionObject || !ticks.hasPending(owner)) {
            return;
        }
        for (long wait : WAITS_MILLIS) {
            Thread.sleep(wait);
            if (ticks.apply(owner) == 0) {
                return;
            }
        }
    }
}

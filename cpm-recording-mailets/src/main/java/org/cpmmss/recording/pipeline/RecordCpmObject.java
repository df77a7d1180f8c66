package org.cpmmss.recording.pipeline;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.base.GenericMailet;

/**
 * The {@code cpm} processor's nine recording steps as one step of James's mailet container: {@link ValidateCpmObject},
 * {@link LiveMessageAvailability}, {@link QueueDeferred}, {@link DeferredHandOver}, {@link RecordingGate},
 * {@link ResolveConversationFolders}, {@link DispositionNotifications}, {@link SessionCollector} and
 * {@link FileIntoConversation}, run in that order on the same mail, as the processor would run them listed one by one.
 *
 * <p>The container wraps every step in its own bookkeeping (a logging context of nine entries, a timer, the
 * matcher's own context and timer, the step's hand-over to the next): per object as much CPU as the three cheapest
 * steps' own work (docs/benchmarks.md, "The recording steps as one container step"). Here that is paid once. What
 * the container does between two steps is done here the same way: a step that leaves the mail without recipients
 * ends it ({@link Mail#GHOST}); a step that moves it to another state (GHOST, or the refused processor) ends the
 * run, and the container takes the mail on from there; a step that throws fails this step, which James handles as
 * it did the step's own failure (the {@code error} processor, {@link Mail#MAILET_ERROR}).</p>
 *
 * <p>Each step is initialised with this step's configuration: the shipped {@code refusedProcessor} parameter is
 * the one the three steps that refuse read. The steps may still be listed one by one in a
 * {@code mailetcontainer.xml} of one's own (e.g. to put a mailet between two of them); they behave the same.</p>
 */
public class RecordCpmObject extends GenericMailet {
    private final List<GenericMailet> steps;

    @Inject
    public RecordCpmObject(ValidateCpmObject validate, LiveMessageAvailability availability, QueueDeferred queueDeferred,
                           DeferredHandOver deferredHandOver, RecordingGate gate, ResolveConversationFolders folders,
                           DispositionNotifications notifications, SessionCollector sessions,
                           FileIntoConversation filing) {
        this.steps = List.of(validate, availability, queueDeferred, deferredHandOver, gate, folders, notifications,
            sessions, filing);
    }

    @Override
    public void init(MailetConfig config) throws MessagingException {
        super.init(config);
        for (GenericMailet step : steps) {
            step.init(config);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String state = mail.getState();
        for (GenericMailet step : steps) {
            step.service(mail);
            if (mail.getRecipients().isEmpty()) {
                mail.setState(Mail.GHOST);
                return;
            }
            if (!state.equals(mail.getState())) {
                return;
            }
        }
    }

    @Override
    public void destroy() {
        for (GenericMailet step : steps) {
            step.destroy();
        }
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: the recording steps of a CPM object, in order";
    }
}

package org.cpmmss.james.pipeline;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.mailet.Mail;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.PipelineHandOver;
import org.cpmmss.recording.verdict.VerdictRegistry;

/**
 * The James side of the one {@link PipelineHandOver}: opens the mail in the {@link VerdictRegistry}, runs James's
 * mailet container on it in the caller's thread (the processors of conf/mailetcontainer.xml, from {@code root}) and
 * returns the verdicts the steps recorded. Every door (LMTP, HTTP, SIP) and the deferred queue's release use it.
 */
public class MailetContainerHandOver implements PipelineHandOver {
    private final MailProcessor mailProcessor;
    private final VerdictRegistry verdicts;

    @Inject
    public MailetContainerHandOver(MailProcessor mailProcessor, VerdictRegistry verdicts) {
        this.mailProcessor = mailProcessor;
        this.verdicts = verdicts;
    }

    @Override
    public OwnerVerdicts handOver(Mail mail) throws PipelineFailure {
        List<MailAddress> owners = List.copyOf(mail.getRecipients());
        verdicts.open(mail);
        try {
            mailProcessor.service(mail);
            failUnansweredOwnersOnMailetError(mail, owners);
            return verdicts.close(mail);
        } catch (RuntimeException | MessagingException e) {
            verdicts.close(mail);
            throw new PipelineFailure(e);
        }
    }

    /**
     * James's container does not throw when a matcher or mailet fails: it moves the mail to the {@code error}
     * processor and returns normally, with the exception in {@link Mail#MAILET_ERROR}. An owner the steps gave no
     * verdict to before that failure was then not served (stored or answered), so the door must not acknowledge it:
     * it gets a temporary failure and the PF resends (the dedupe keys make a resend of what was stored harmless).
     */
    private void failUnansweredOwnersOnMailetError(Mail mail, List<MailAddress> owners) {
        if (mail.getAttribute(Mail.MAILET_ERROR).isEmpty()) {
            return;
        }
        for (MailAddress owner : owners) {
            verdicts.record(mail, owner.asString(), OwnerVerdict.TemporaryFailure.STORAGE);
        }
    }
}

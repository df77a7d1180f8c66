package org.cpmmss.james.pipeline;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.mailet.Mail;
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
        verdicts.open(mail);
        try {
            mailProcessor.service(mail);
            return verdicts.close(mail);
        } catch (RuntimeException | MessagingException e) {
            verdicts.close(mail);
            throw new PipelineFailure(e);
        }
    }
}

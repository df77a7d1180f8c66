package org.cpmmss.recording.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.CpmObjectInspector;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Validates and classifies a CPM object ({@link CpmObjectInspector}) and writes what it learnt as mail
 * attributes ({@link CpmMailAttributes}) for the later steps. A malformed or unclassifiable object, or one
 * whose ids cannot be safe folder names, is refused for every owner before anything is stored: on a
 * synchronous door (LMTP, HTTP, SIP) every owner gets a REFUSED outcome with the reason and the mail
 * ends; on spooled SMTP the mail goes, with the reason as its error message and as attribute
 * {@code org.cpmmss.cpm.refusal-reason}, to the processor named by {@code refusedProcessor}
 * (default {@code cpm-refused}), which keeps it in a mail repository listed by WebAdmin.
 *
 * <p>Pipeline step 2 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link IsCpmObject}, before {@link QueueDeferred}.</p>
 */
public class ValidateCpmObject extends GenericMailet {
    private final CpmPolicy policy;
    private final VerdictRegistry outcomes;
    private CpmObjectInspector inspector;
    private String refusedProcessor;

    @Inject
    public ValidateCpmObject(CpmPolicy policy, VerdictRegistry outcomes) {
        this.policy = policy;
        this.outcomes = outcomes;
    }

    @Override
    public void init() throws MessagingException {
        inspector = new CpmObjectInspector(policy);
        refusedProcessor = getInitParameter("refusedProcessor", "cpm-refused");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        byte[] raw = rawBytes(mail);
        try {
            CpmMailAttributes.write(mail, inspector.inspect(raw));
        } catch (CpmFormatException e) {
            refuse(mail, OwnerVerdict.refusal(RefusalCode.INVALID_OBJECT, e), outcomes, refusedProcessor);
        }
    }

    /** Refuses the mail for every owner (see the class comment). Shared by the steps that can refuse. */
    public static void refuse(Mail mail, OwnerVerdict refusal, VerdictRegistry outcomes, String refusedProcessor) {
        String reason = refusal.reason();
        CpmMailAttributes.set(mail, CpmMailAttributes.REFUSAL_REASON, reason);
        mail.setErrorMessage("refused: " + reason);
        if (outcomes.isOpen(mail)) {
            for (MailAddress owner : mail.getRecipients()) {
                outcomes.record(mail, owner.asString(), refusal);
            }
            mail.setState(Mail.GHOST);
        } else {
            mail.setState(refusedProcessor);
        }
    }

    static byte[] rawBytes(Mail mail) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(1024, Math.min(mail.getMessageSize(), 1 << 26)));
            mail.getMessage().writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot read the submitted object", e);
        }
    }

    /** The exact bytes of the submitted object. */
    public static byte[] objectBytes(Mail mail) throws MessagingException {
        return rawBytes(mail);
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: validate and classify a CPM object";
    }
}

package org.cpmmss.recording.pipeline;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.port.UserPreferences;

/**
 * The recording gate: keeps an owner only when operator policy lets the PF stay on the media path
 * ({@code cpm.recording.media-path-allowed}) and the owner's {@code /private/vendor/cpm/recording}
 * preference is on (absent = {@code cpm.default.recording}). A skipped owner is removed from the mail and
 * gets NOT_RECORDED ("not recorded (policy)"), which doors answer as success. No owner left: the mail ends.
 * A disposition notification handed over as deferred passes untouched: it is delivery, not recording.
 *
 * <p>Pipeline step 5 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link DeferredHandOver}, before {@link ResolveConversationFolders}.</p>
 */
public class RecordingGate extends GenericMailet {

    private final CpmPolicy policy;
    private final UserPreferences preferences;
    private final VerdictRegistry outcomes;

    @Inject
    public RecordingGate(CpmPolicy policy, UserPreferences preferences, VerdictRegistry outcomes) {
        this.policy = policy;
        this.preferences = preferences;
        this.outcomes = outcomes;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (CpmMailAttributes.handedOverNotification(mail)) {
            return; // delivery, not recording (DeferredHandOver kept only its recipients)
        }
        List<MailAddress> kept = new ArrayList<>();
        for (MailAddress owner : mail.getRecipients()) {
            if (policy.mediaPathAllowed() && recordingOn(owner)) {
                kept.add(owner);
            } else {
                outcomes.record(mail, owner.asString(), new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY));
            }
        }
        if (kept.size() != mail.getRecipients().size()) {
            mail.setRecipients(kept);
        }
        if (kept.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    private boolean recordingOn(MailAddress owner) throws MessagingException {
        try {
            return preferences.read(owner.asString()).recordingOn();
        } catch (StorageException e) {
            throw new MessagingException("cannot read the recording preference of " + owner.asString(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: recording gate (user preference and operator policy)";
    }
}

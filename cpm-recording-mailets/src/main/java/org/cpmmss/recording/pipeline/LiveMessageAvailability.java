package org.cpmmss.recording.pipeline;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.recording.port.RecipientPresence;
import org.cpmmss.recording.verdict.LiveMessage;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the recipient of a live message takes it now (design.md, "Doors": SIP 486 and 480), in the {@code cpm}
 * processor right after validation. Only a mail marked {@link LiveMessage#RECIPIENT} is concerned (the SIP door marks
 * a MESSAGE that is neither a deferred hand-over nor a disposition notification). When that recipient has
 * {@code do-not-disturb} on, every owner gets {@link OwnerVerdict.DoNotDisturb}; when they have
 * {@code reject-when-offline} on and no client registered, every owner gets {@link OwnerVerdict.Offline}; the mail then
 * ends and nothing is stored for anyone. Otherwise the mail goes on untouched. Preferences that cannot be read are a
 * temporary failure for every owner.
 */
public class LiveMessageAvailability extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiveMessageAvailability.class);

    private final RecipientPresence presence;
    private final VerdictRegistry verdicts;

    @Inject
    public LiveMessageAvailability(RecipientPresence presence, VerdictRegistry verdicts) {
        this.presence = presence;
        this.verdicts = verdicts;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> recipient = mail.getAttribute(LiveMessage.RECIPIENT)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class));
        if (recipient.isEmpty() || mail.getState().equals(Mail.GHOST)) {
            return;
        }
        Optional<OwnerVerdict> turnedAway;
        try {
            turnedAway = turnedAway(presence.of(recipient.get()));
        } catch (Exception e) {
            LOGGER.warn("the preferences of {} cannot be read", recipient.get(), e);
            if (!verdicts.isOpen(mail)) {
                throw new MessagingException("the preferences of " + recipient.get() + " cannot be read", e);
            }
            turnedAway = Optional.of(OwnerVerdict.TemporaryFailure.STORAGE);
        }
        if (turnedAway.isPresent()) {
            for (MailAddress owner : mail.getRecipients()) {
                verdicts.record(mail, owner.asString(), turnedAway.get());
            }
            mail.setState(Mail.GHOST);
        }
    }

    /** The rule: do-not-disturb first, then reject-when-offline without a registered client. */
    static Optional<OwnerVerdict> turnedAway(RecipientPresence.Presence presence) {
        if (presence.doNotDisturb()) {
            return Optional.of(new OwnerVerdict.DoNotDisturb());
        }
        if (presence.rejectWhenOffline() && !presence.clientRegistered()) {
            return Optional.of(new OwnerVerdict.Offline());
        }
        return Optional.empty();
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: do-not-disturb and reject-when-offline for live messages";
    }
}

package org.cpmmss.recording.outcome;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * Per-owner outcomes of one submission, collected while the pipeline runs and read by the door that
 * submitted it once {@code MailProcessor.service(mail)} returns (LMTP, HTTP and SIP run the pipeline
 * synchronously in their own thread).
 *
 * <p>A door calls {@link #open(Mail)} before processing: this tags the mail with a submission id attribute,
 * which James copies to every mail split from it, so a step can {@link #record} an outcome from whichever
 * copy it holds. The door then calls {@link #close(Mail)}. Spooled SMTP mail is never opened; recording on
 * it is a no-op. One Guice singleton, injected into doors and mailets.</p>
 */
@Singleton
public class DeliveryOutcomeRegistry {
    public static final AttributeName SUBMISSION_ID = AttributeName.of("org.cpmmss.submission-id");

    private final Map<String, Map<String, OwnerOutcome>> open = new ConcurrentHashMap<>();

    public void open(Mail mail) {
        String id = UUID.randomUUID().toString();
        mail.setAttribute(new Attribute(SUBMISSION_ID, AttributeValue.of(id)));
        open.put(id, new ConcurrentHashMap<>());
    }

    /** Records the outcome for one owner account (e.g. {@code +33612345678@example.com}); the first one wins. */
    public void record(Mail mail, String owner, OwnerOutcome outcome) {
        submission(mail).ifPresent(outcomes -> outcomes.putIfAbsent(key(owner), outcome));
    }

    public Optional<OwnerOutcome> outcome(Mail mail, String owner) {
        return submission(mail).map(outcomes -> outcomes.get(key(owner)));
    }

    /** True while a door that answers synchronously holds this submission open (false for spooled SMTP mail). */
    public boolean isOpen(Mail mail) {
        return submission(mail).isPresent();
    }

    public Map<String, OwnerOutcome> close(Mail mail) {
        Optional<String> id = submissionId(mail);
        Map<String, OwnerOutcome> outcomes = id.map(open::remove).orElse(null);
        return outcomes == null ? Map.of() : Map.copyOf(outcomes);
    }

    private Optional<Map<String, OwnerOutcome>> submission(Mail mail) {
        return submissionId(mail).map(open::get);
    }

    private static Optional<String> submissionId(Mail mail) {
        return mail.getAttribute(SUBMISSION_ID)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class));
    }

    private static String key(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }
}

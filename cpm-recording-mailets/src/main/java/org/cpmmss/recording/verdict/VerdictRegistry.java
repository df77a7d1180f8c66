package org.cpmmss.recording.verdict;

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
 * The per-owner verdicts of the mails handed to the pipeline, collected while it runs: the James-side
 * {@link PipelineHandOver} opens a mail before running the mailet container and closes it after, in the same
 * thread; the steps {@link #record} a verdict per owner on whichever copy of the mail they hold.
 *
 * <p>{@link #open(Mail)} tags the mail with a submission id attribute, which James copies to every mail split from
 * it. Spooled SMTP mail is never opened: recording on it is a no-op, and {@link #isOpen(Mail)} tells a step that
 * nobody waits for its verdict (it then throws, so the spool retries). One Guice singleton.</p>
 */
@Singleton
public class VerdictRegistry {
    public static final AttributeName SUBMISSION_ID = AttributeName.of("org.cpmmss.submission-id");

    private final Map<String, Map<String, OwnerVerdict>> open = new ConcurrentHashMap<>();

    public void open(Mail mail) {
        String id = UUID.randomUUID().toString();
        mail.setAttribute(new Attribute(SUBMISSION_ID, AttributeValue.of(id)));
        open.put(id, new ConcurrentHashMap<>());
    }

    /** Records the verdict for one owner account (e.g. {@code +33612345678@example.com}); the first one wins. */
    public void record(Mail mail, String owner, OwnerVerdict verdict) {
        submission(mail).ifPresent(verdicts -> verdicts.putIfAbsent(OwnerVerdicts.key(owner), verdict));
    }

    /** True while a synchronous door waits for this mail's verdicts (false for spooled SMTP mail). */
    public boolean isOpen(Mail mail) {
        return submission(mail).isPresent();
    }

    /** Ends the mail's submission: its verdicts, none when it was never opened. */
    public OwnerVerdicts close(Mail mail) {
        Map<String, OwnerVerdict> verdicts = submissionId(mail).map(open::remove).orElse(null);
        return verdicts == null ? OwnerVerdicts.none() : OwnerVerdicts.of(verdicts);
    }

    private Optional<Map<String, OwnerVerdict>> submission(Mail mail) {
        return submissionId(mail).map(open::get);
    }

    private static Optional<String> submissionId(Mail mail) {
        return mail.getAttribute(SUBMISSION_ID)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class));
    }
}

package org.cpmmss.james.recording;

import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.AnnotationException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.CpmPreferences;

import reactor.core.publisher.Mono;

/**
 * James's annotation manager with the cpm preference rule on top: a write of a
 * {@code /private/vendor/cpm/*} entry with a value the preference table does not allow (or of an unknown
 * cpm entry) fails with an {@link AnnotationException}, which IMAP {@code SETMETADATA} answers with NO
 * and the reason. Every other entry behaves as in James.
 */
public class CpmPreferenceValidatingAnnotationManager extends StoreMailboxAnnotationManager {
    private Set<CpmPreferenceChangeListener> listeners = Set.of();

    @Inject
    public CpmPreferenceValidatingAnnotationManager(MailboxSessionMapperFactory mapperFactory, StoreRightManager rightManager) {
        super(mapperFactory, rightManager);
    }

    @Override
    public Mono<Void> updateAnnotationsReactive(MailboxPath mailboxPath, MailboxSession session, List<MailboxAnnotation> annotations) {
        for (MailboxAnnotation annotation : annotations) {
            Optional<String> refusal = CpmPreferences.validate(annotation.getKey().asString(),
                annotation.isNil() ? Optional.empty() : annotation.getValue());
            if (refusal.isPresent()) {
                return Mono.error(new AnnotationException(refusal.get()));
            }
        }
        Set<CpmPreference> changed = annotations.stream()
            .flatMap(a -> CpmPreference.byStoredKey(a.getKey().asString()).stream())
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(CpmPreference.class)));
        if (changed.isEmpty() || listeners.isEmpty() || !mailboxPath.isInbox()) {
            return super.updateAnnotationsReactive(mailboxPath, session, annotations);
        }
        return super.updateAnnotationsReactive(mailboxPath, session, annotations)
            .then(Mono.fromRunnable(() -> listeners.forEach(l -> l.changed(mailboxPath.getUser(), changed))));
    }

    /** Told after cpm preferences of an INBOX changed (e.g. do-not-disturb lifted: deferred messages are released). */
    @Inject
    public void setChangeListeners(Set<CpmPreferenceChangeListener> listeners) {
        this.listeners = Set.copyOf(listeners);
    }
}

package org.cpmmss.james.http;

import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.PreferenceValues;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.port.UserPreferences;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxPath;

import reactor.core.publisher.Mono;

/**
 * The five user preferences of design.md, read and written as IMAP METADATA entries on the user's INBOX
 * through James's annotation API: exactly the values the user's own IMAP client sees. An absent entry
 * means the operator default of cpm.properties.
 */
public class PreferencesService {
    public static final String PREFIX = "/private/vendor/cpm/";

    /**
     * One preference as the HTTP API names it (the JSON member: the last component of its entry), over the
     * shared definition {@link CpmPreference}: allowed values, defaults, the contract entry name clients use
     * and the key James stores it under.
     */
    public record Preference(String name, CpmPreference definition) {
        static Preference of(CpmPreference definition) {
            return new Preference(definition.entry().substring(PREFIX.length()), definition);
        }

        public List<String> values() {
            return definition.allowedValues();
        }

        /** The annotation key James holds the value under. */
        public String entry() {
            return definition.storedKey();
        }

        /** The METADATA entry name of the contract, as clients use it over IMAP. */
        public String contractEntry() {
            return definition.entry();
        }

        public String defaultKey() {
            return definition.operatorDefaultKey().orElse("cpm.default." + name);
        }

        public String builtInDefault() {
            return definition.builtInDefault();
        }
    }

    public static final List<Preference> PREFERENCES = Arrays.stream(CpmPreference.values())
        .map(Preference::of)
        .collect(Collectors.toUnmodifiableList());

    private final MailboxManager mailboxManager;
    private final UserPreferences preferences;
    private final CpmPolicy policy;

    @Inject
    public PreferencesService(MailboxManager mailboxManager, UserPreferences preferences, CpmPolicy policy) {
        this.mailboxManager = mailboxManager;
        this.preferences = preferences;
        this.policy = policy;
    }

    public String operatorDefault(Preference preference) {
        return policy.preferenceDefault(preference.definition());
    }

    /** The effective preferences of a user (the one reader): value, whether it is the operator default, and the METADATA entry. */
    public Map<String, Object> read(Username user) throws StorageException {
        PreferenceValues values = preferences.read(user.asString());
        Map<String, Object> view = new LinkedHashMap<>();
        for (Preference preference : PREFERENCES) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", values.value(preference.definition()));
            entry.put("source", values.isDefault(preference.definition()) ? "operator-default" : "user");
            entry.put("entry", preference.contractEntry());
            entry.put("allowed", preference.values());
            values.ignoredValue(preference.definition()).ifPresent(raw -> entry.put("ignoredStoredValue", raw));
            view.put(preference.name(), entry);
        }
        return view;
    }

    /**
     * Applies a partial update: a member set to one of the allowed values writes the entry, a member set to
     * null removes it (back to the operator default). Everything is validated before anything is written.
     */
    public void update(Username user, Map<String, Object> changes) throws MailboxException {
        if (changes.isEmpty()) {
            throw ApiProblem.badRequest("Send at least one preference, e.g. {\"recording\":\"off\"}.");
        }
        List<MailboxAnnotation> annotations = new ArrayList<>();
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            Preference preference = PREFERENCES.stream().filter(p -> p.name().equals(change.getKey())).findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("Unknown preference '" + change.getKey() + "'; known: "
                    + PREFERENCES.stream().map(Preference::name).collect(Collectors.joining(", ")) + "."));
            MailboxAnnotationKey key = new MailboxAnnotationKey(preference.entry());
            if (change.getValue() == null) {
                annotations.add(MailboxAnnotation.nil(key));
                continue;
            }
            if (!(change.getValue() instanceof String)) {
                throw ApiProblem.badRequest("Preference '" + preference.name() + "' must be a string or null.");
            }
            String value = ((String) change.getValue()).trim().toLowerCase(Locale.ROOT);
            if (!preference.values().contains(value)) {
                throw ApiProblem.badRequest("Invalid value '" + change.getValue() + "' for '" + preference.name()
                    + "': allowed " + String.join(", ", preference.values()) + " (or null for the operator default).");
            }
            annotations.add(MailboxAnnotation.newInstance(key, value));
        }
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MailboxPath inbox = MailboxPath.inbox(user);
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(inbox, session)).block())) {
                mailboxManager.createMailbox(inbox, session);
            }
            mailboxManager.updateAnnotations(inbox, session, annotations);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}

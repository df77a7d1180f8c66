package org.cpmmss.james.ops.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.PreferenceValues;

import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Mono;
import spark.Request;
import spark.Service;

/**
 * A user's CPM preferences for the operator: {@code GET /cpm/admin/users/{user}/preferences} (each preference's value
 * and whether it is the user's or the operator default) and {@code PUT …/preferences/{name}} (the value as the body,
 * checked against the preference's allowed values, stored as METADATA of the user's INBOX).
 */
public class AdminPreferenceRoutes implements AdminRoutes.Group {
    static final String PREFERENCE_PREFIX = "/private/vendor/cpm/";
    /** Short name (the contract entry without {@link #PREFERENCE_PREFIX}) → preference. */
    static final Map<String, CpmPreference> PREFERENCES = new LinkedHashMap<>();

    static {
        for (CpmPreference preference : CpmPreference.values()) {
            PREFERENCES.put(preference.entry().substring(PREFERENCE_PREFIX.length()), preference);
        }
    }

    private final MailboxManager mailboxManager;
    private final UserPreferences userPreferences;

    @Inject
    public AdminPreferenceRoutes(MailboxManager mailboxManager, UserPreferences userPreferences) {
        this.mailboxManager = mailboxManager;
        this.userPreferences = userPreferences;
    }

    @Override
    public void define(Service service, AdminRoutes routes) {
        service.get(AdminRoutes.BASE + "/users/:user/preferences", routes.json((req, res) -> preferences(routes.user(req))));
        service.put(AdminRoutes.BASE + "/users/:user/preferences/:name", routes.json((req, res) -> setPreference(routes.user(req), req)));
    }

    private ObjectNode preferences(Username user) throws Exception {
        PreferenceValues values = userPreferences.read(user.asString());
        ObjectNode out = AdminRoutes.JSON.createObjectNode();
        for (Map.Entry<String, CpmPreference> preference : PREFERENCES.entrySet()) {
            ObjectNode entry = out.putObject(preference.getKey());
            entry.put("value", values.value(preference.getValue()));
            entry.put("source", values.isDefault(preference.getValue()) ? "operator default" : "user");
        }
        return out;
    }

    private ObjectNode setPreference(Username user, Request request) throws Exception {
        String name = request.params("name");
        CpmPreference preference = PREFERENCES.get(name);
        if (preference == null) {
            throw AdminProblem.badRequest("unknown preference " + name + "; known: " + PREFERENCES.keySet());
        }
        String value = request.body() == null ? "" : request.body().trim();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            value = value.substring(1, value.length() - 1);
        }
        if (!preference.accepts(value)) {
            throw AdminProblem.badRequest("invalid value '" + value + "' for " + name + "; allowed: " + preference.allowedValues());
        }
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MailboxPath inbox = MailboxPath.inbox(user);
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(inbox, session)).block())) {
                mailboxManager.createMailbox(inbox, session);
            }
            // James refuses '-' in annotation keys: stored under the contract's stored key (CpmPreference)
            MailboxAnnotationKey key = new MailboxAnnotationKey(preference.storedKey());
            mailboxManager.updateAnnotations(inbox, session, List.of(MailboxAnnotation.newInstance(key, value)));
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        ObjectNode out = AdminRoutes.JSON.createObjectNode();
        out.put(name, value);
        return out;
    }
}

package org.cpmmss.james.deferred.queue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.preferences.CpmPreference;

/**
 * The preferences the deferred queue acts on, from the METADATA entries of the user's INBOX (design.md,
 * "Preferences and policies"): {@code deferred-delivery} (else {@code cpm.default.deferred-delivery}),
 * {@code deferred-expiry} (else {@code cpm.default.deferred-expiry}) and {@code do-not-disturb} (else off).
 */
public class DeferredPreferences {
    /** One user's deferred-message preferences when they were read. */
    public record Values(String deferredDelivery, String deferredExpiry, boolean doNotDisturb) {
        /** Options 1 and 2 of 5.2.5: the message waits in the queue, not in the store. */
        public boolean queues() {
            return deferredDelivery.equals("notify") || deferredDelivery.equals("push");
        }
    }

    private final MailboxManager mailboxManager;
    private final CpmPolicy policy;

    @Inject
    public DeferredPreferences(MailboxManager mailboxManager, CpmPolicy policy) {
        this.mailboxManager = mailboxManager;
        this.policy = policy;
    }

    public Values read(String account) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        Map<CpmPreference, String> values = new HashMap<>();
        try {
            // getAllAnnotations: the JPA annotation mapper of James 3.8.1 finds nothing by key
            for (MailboxAnnotation a : mailboxManager.getAllAnnotations(MailboxPath.inbox(session), session)) {
                CpmPreference.byStoredKey(a.getKey().asString())
                    .ifPresent(p -> a.getValue().ifPresent(v -> values.put(p, v.trim().toLowerCase(Locale.ROOT))));
            }
        } catch (MailboxNotFoundException e) {
            // no INBOX yet: every entry is absent
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return new Values(
            valid(CpmPreference.DEFERRED_DELIVERY, values.get(CpmPreference.DEFERRED_DELIVERY), policy.defaultDeferredDelivery()),
            valid(CpmPreference.DEFERRED_EXPIRY, values.get(CpmPreference.DEFERRED_EXPIRY), policy.defaultDeferredExpiry()),
            "on".equals(values.get(CpmPreference.DO_NOT_DISTURB)));
    }

    private static String valid(CpmPreference preference, String value, String operatorDefault) {
        return preference.accepts(value) ? value : operatorDefault;
    }
}

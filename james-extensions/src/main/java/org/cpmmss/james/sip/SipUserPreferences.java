package org.cpmmss.james.sip;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.recording.preferences.CpmPreference;

/**
 * The preferences the bridge acts on, read from the METADATA entries of the user's INBOX (design.md,
 * "Preferences and policies"; stored under {@link CpmPreference#storedKey()}); an absent entry is the operator default: {@code cpm.default.deferred-delivery}
 * of conf/cpm.properties for deferred-delivery, off for do-not-disturb and reject-when-offline.
 */
public class SipUserPreferences {
    // The stored annotation keys (the contract entries without hyphens: James 3.8.1 refuses '-' in keys).
    static final String DO_NOT_DISTURB = CpmPreference.DO_NOT_DISTURB.storedKey();
    static final String REJECT_WHEN_OFFLINE = CpmPreference.REJECT_WHEN_OFFLINE.storedKey();
    static final String DEFERRED_DELIVERY = CpmPreference.DEFERRED_DELIVERY.storedKey();

    private static final Set<String> KEYS = Set.of(DO_NOT_DISTURB, REJECT_WHEN_OFFLINE, DEFERRED_DELIVERY);

    /** One user's preferences at the time they were read. */
    public record Preferences(boolean doNotDisturb, boolean rejectWhenOffline, String deferredDelivery) {
        /** Options 1 and 2 of 5.2.5: the deferred message waits in the queue rather than in the store. */
        public boolean queuesDeferred() {
            return deferredDelivery.equals("notify") || deferredDelivery.equals("push");
        }
    }

    private final MailboxManager mailboxManager;
    private final String defaultDeferredDelivery;

    public SipUserPreferences(MailboxManager mailboxManager, String defaultDeferredDelivery) {
        this.mailboxManager = mailboxManager;
        this.defaultDeferredDelivery = defaultDeferredDelivery;
    }

    public Preferences read(String account) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        Map<String, String> values = new HashMap<>();
        try {
            // getAllAnnotations, not getAnnotationsByKeys: the JPA mapper of James 3.8.1 finds nothing by key.
            for (MailboxAnnotation a : mailboxManager.getAllAnnotations(MailboxPath.inbox(session), session)) {
                String key = a.getKey().asString().toLowerCase(Locale.ROOT);
                if (KEYS.contains(key)) {
                    a.getValue().ifPresent(v -> values.put(key, v.trim().toLowerCase(Locale.ROOT)));
                }
            }
        } catch (MailboxNotFoundException e) {
            // no INBOX yet: every entry is absent
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        String deferred = values.getOrDefault(DEFERRED_DELIVERY, defaultDeferredDelivery);
        return new Preferences("on".equals(values.get(DO_NOT_DISTURB)), "on".equals(values.get(REJECT_WHEN_OFFLINE)),
            Set.of("notify", "push", "handover").contains(deferred) ? deferred : defaultDeferredDelivery);
    }
}

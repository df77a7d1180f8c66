package org.cpmmss.james.imap.profile;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.cpmmss.james.plumbing.JamesInternals;
import org.cpmmss.recording.preferences.CpmPreference;

/**
 * The IMAP door's side of the preference contract (design.md "Preferences and policies"): clients name the five
 * preferences by their contract entry ({@code /private/vendor/cpm/do-not-disturb}), James stores them under
 * {@link CpmPreference#storedKey()} ({@code /private/vendor/cpm/donotdisturb}), because its
 * {@link MailboxAnnotationKey} refuses hyphens. The names themselves live in {@link CpmPreference} only.
 */
final class PreferenceEntries {
    /** RFC 5530 {@code [CANNOT]}; James only builds {@code X}-prefixed extension codes, so its constructor is used. */
    static final StatusResponse.ResponseCode CANNOT = JamesInternals.responseCode("CANNOT");

    private PreferenceEntries() {
    }

    /**
     * The key James keeps an entry named by a client under: the stored key for a contract entry (any case),
     * James's own key otherwise.
     *
     * @throws IllegalArgumentException when James refuses the name (as it does without the translation)
     */
    static MailboxAnnotationKey storedKey(String clientName) {
        return CpmPreference.byEntry(clientName)
            .map(preference -> new MailboxAnnotationKey(preference.storedKey()))
            .orElseGet(() -> new MailboxAnnotationKey(clientName));
    }

    /** The name clients see for a key James returned: the contract entry for a stored preference key. */
    static String clientName(String storedKey) {
        return CpmPreference.byStoredKey(storedKey).map(CpmPreference::entry).orElse(storedKey);
    }

    /**
     * Why a client may not use this entry (and value, {@code null} for NIL or for a read), if it may not: the stored
     * key of a hyphenated preference is internal, and a preference only takes one of its values.
     */
    static Optional<HumanReadableText> refusal(String clientName, String value) {
        Optional<CpmPreference> contract = CpmPreference.byEntry(clientName);
        if (contract.isEmpty()) {
            return CpmPreference.byStoredKey(clientName)
                .flatMap(preference -> text("RESERVED_ENTRY",
                    clientName + " is not an entry name, use " + preference.entry()));
        }
        CpmPreference preference = contract.get();
        if (value != null && !preference.accepts(value)) {
            return text("INVALID_VALUE", preference.entry() + " must be " + alternatives(preference.allowedValues()));
        }
        return Optional.empty();
    }

    private static Optional<HumanReadableText> text(String key, String text) {
        return Optional.of(new HumanReadableText("org.cpmmss.preferences." + key, text));
    }

    private static String alternatives(List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }
}

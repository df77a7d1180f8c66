package org.cpmmss.james.search.text;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * The body texts of stored messages as the index extracts them ({@link MessageText#body()}), read again from the
 * store: the embedded index keeps body trigrams without their positions, so a BODY (or TEXT) string of four or more
 * characters finds the messages holding all its trigrams, and each of those is then checked against its body text
 * ({@link TextQueries#occursIn}).
 */
public interface BodyTexts {
    /** The body texts of those of the folder's messages, among {@code uids}, that are still stored. */
    Map<MessageUid, String> bodies(MailboxId folder, Set<MessageUid> uids) throws IOException;

    /**
     * The body text of a message as the index extracts it: a message that cannot be parsed has none (as
     * {@link TextEntry#of} indexes it).
     */
    static String bodyOf(byte[] content) {
        try {
            return MessageText.parse(new java.io.ByteArrayInputStream(content)).body();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

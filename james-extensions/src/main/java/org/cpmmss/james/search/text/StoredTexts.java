package org.cpmmss.james.search.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * The texts of stored messages as the index extracts them, read again from the store: the body text
 * ({@link MessageText#body()}) and the top-level header fields ({@link MessageText} of the header section). The
 * embedded index keeps trigrams without their positions, so a substring of four or more characters (of the body, the
 * header section, one header's values or an address header's text) finds the messages holding all its trigrams, and
 * each of those is then checked against its text ({@link TextQueries#occursIn}).
 */
public interface StoredTexts {
    /** The body texts of those of the folder's messages, among {@code uids}, that are still stored. */
    Map<MessageUid, String> bodies(MailboxId folder, Set<MessageUid> uids) throws IOException;

    /**
     * The top-level header fields of those of the folder's messages, among {@code uids}, that are still stored (only
     * their header sections are read).
     */
    Map<MessageUid, HeaderFields> headers(MailboxId folder, Set<MessageUid> uids) throws IOException;

    /**
     * The body text of a message as the index extracts it: a message that cannot be parsed has none (as
     * {@link TextEntry#of} indexes it).
     */
    static String bodyOf(byte[] content) {
        try {
            return MessageText.parse(new ByteArrayInputStream(content)).body();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

package org.cpmmss.james.search.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * The texts of stored messages as the index extracts them, read again from the store: the body text
 * ({@link MessageText#body()}) and the header section text ({@link MessageText#headerText()}). The embedded index
 * keeps the trigrams of both without their positions, so a BODY or TEXT string of four or more characters finds the
 * messages holding all its trigrams, and each of those is then checked against its text
 * ({@link TextQueries#occursIn}).
 */
public interface StoredTexts {
    /** The body texts of those of the folder's messages, among {@code uids}, that are still stored. */
    Map<MessageUid, String> bodies(MailboxId folder, Set<MessageUid> uids) throws IOException;

    /**
     * The header section texts of those of the folder's messages, among {@code uids}, that are still stored (only
     * their header sections are read).
     */
    Map<MessageUid, String> headerSections(MailboxId folder, Set<MessageUid> uids) throws IOException;

    /**
     * The body text of a message as the index extracts it: a message that cannot be parsed has none (as
     * {@link TextEntry#of} indexes it).
     */
    static String bodyOf(byte[] content) {
        return extracted(content, MessageText::body);
    }

    /**
     * The header section text of a message as the index extracts it, from its header section (or its whole
     * content): a message that cannot be parsed has none.
     */
    static String headerSectionOf(byte[] header) {
        return extracted(header, MessageText::headerText);
    }

    private static String extracted(byte[] content, Function<MessageText, String> text) {
        try {
            return text.apply(MessageText.parse(new ByteArrayInputStream(content)));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

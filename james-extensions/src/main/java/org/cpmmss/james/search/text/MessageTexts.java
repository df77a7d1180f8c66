package org.cpmmss.james.search.text;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * The texts of stored messages as the index extracts them ({@link TextEntry}), read again from the store: the
 * embedded index keeps trigrams without their positions, so a substring of four or more characters finds the messages
 * holding all its trigrams, and each of those is then checked against its text ({@link TextMatch}).
 */
public interface MessageTexts {
    /** The entries of those of the folder's messages, among {@code uids}, that are still stored. */
    Map<MessageUid, TextEntry> entries(MailboxId folder, Set<MessageUid> uids) throws IOException;
}

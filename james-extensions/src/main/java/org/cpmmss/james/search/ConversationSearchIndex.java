package org.cpmmss.james.search;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.cpmmss.james.search.text.TextFolding;
import org.cpmmss.james.search.text.WordTokenizer;

/**
 * Whole-history search of one user (the HTTP history search): the newest {@code n} messages of a set of
 * conversation folders containing every search word, newest first.
 *
 * <p>Matching, the same in every implementation: every search word must be a prefix of a word of the message's
 * body text (the text inside CPIM and other CPM payloads decoded), words as {@link WordTokenizer} cuts them and
 * compared after {@link TextFolding} ("cafe" finds "Café"); a search word that is several words there (Han
 * characters, "rendez-vous") must occur as that phrase of whole words. Order: arrival time, then UID, descending.
 * Bounds: arrival at second resolution, exclusive.</p>
 *
 * <p>Implementations: {@link LuceneConversationSearch} on the embedded index, and the PostgreSQL one on the shared
 * index of {@code storage.backend=postgresql}.</p>
 */
public interface ConversationSearchIndex {

    /** One hit: the folder's mailbox id as stored in the index (upper case), and the UID. */
    record Hit(String mailboxId, MessageUid uid) {
    }

    /** The top hits, and how many messages matched in all. */
    record Hits(List<Hit> hits, int totalMatches) {
    }

    /**
     * The newest {@code n} messages of the given folders that contain every word (word prefix match, folded)
     * and arrived within the optional bounds (second resolution, exclusive).
     */
    Hits newest(Collection<MailboxId> folders, List<String> words, Optional<Instant> since, Optional<Instant> until,
                int n) throws IOException;
}

package org.cpmmss.james.search.postgresql;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.lucene.document.DateTools;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.text.TextDocuments;
import org.cpmmss.james.search.text.WordTokenizer;

/**
 * The {@link ConversationSearchIndex} of the PostgreSQL search index: one query over the user's folders' rows, newest
 * first, limited to {@code n}, with the number of all matches. A search word is matched on the row's word list
 * ({@code ' w1 w2 ... '}: a word prefix is {@code strpos} of space and word, a phrase of whole words {@code strpos}
 * of the spaced phrase), after a GIN prefilter on the word lexemes.
 */
@Singleton
public class PostgresqlConversationSearch implements ConversationSearchIndex {
    private final PostgresqlTextIndex index;

    @Inject
    public PostgresqlConversationSearch(PostgresqlTextIndex index) {
        this.index = index;
    }

    @Override
    public Hits newest(Collection<MailboxId> folders, List<String> words, Optional<Instant> since, Optional<Instant> until,
                       int n) throws IOException {
        if (folders.isEmpty() || n <= 0) {
            return new Hits(List.of(), 0);
        }
        StringBuilder sql = new StringBuilder("SELECT mailbox_key, uid, count(*) OVER () FROM cpm_search_entry"
            + " WHERE mailbox_key = ANY(?)");
        List<Object> parameters = new ArrayList<>();
        parameters.add(folders.stream().map(TextDocuments::key).distinct().toArray(String[]::new));
        for (String word : words) {
            List<String> parts = WordTokenizer.words(word);
            if (parts.isEmpty()) {
                continue;
            }
            List<String> lexemes = new ArrayList<>();
            for (String part : parts) {
                String lexeme = TextRow.lexeme(part);
                lexemes.add(parts.size() == 1 || !lexeme.equals(part) ? TsQueries.prefix(lexeme) : TsQueries.quote(lexeme));
            }
            String spaced = " " + String.join(" ", parts) + (parts.size() == 1 ? "" : " ");
            sql.append(" AND word_lexemes @@ ?::tsquery AND strpos(words, ?) > 0");
            parameters.add(TsQueries.orEveryRow(String.join(" & ", lexemes)));
            parameters.add(spaced);
        }
        since.ifPresent(instant -> {
            sql.append(" AND arrival_second > ?");
            parameters.add(second(instant));
        });
        until.ifPresent(instant -> {
            sql.append(" AND arrival_second < ?");
            parameters.add(second(instant));
        });
        sql.append(" ORDER BY sort_arrival DESC, uid DESC, mailbox_key DESC LIMIT ?");
        parameters.add(n);
        List<Hit> hits = new ArrayList<>();
        int[] total = {0};
        index.read(sql.toString(), parameters, rows -> {
            hits.add(new Hit(rows.getString(1), MessageUid.of(rows.getLong(2))));
            total[0] = (int) rows.getLong(3);
        });
        return new Hits(hits, total[0]);
    }

    private static String second(Instant instant) {
        return DateTools.dateToString(Date.from(instant), DateTools.Resolution.SECOND);
    }
}

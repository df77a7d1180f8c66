package org.cpmmss.james.search.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressType;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateResolution;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.store.RAMDirectory;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.LuceneConversationSearch;
import org.cpmmss.james.search.text.ListedStoredTexts;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.search.text.TextIndex;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL search index gives the embedded Lucene index's answers: the same seeded corpus
 * ({@link SearchConformanceCorpus}) is written into both, then every IMAP SEARCH key the index answers (TEXT, BODY,
 * SUBJECT, FROM, TO, CC, BCC, HEADER, SENTBEFORE/SENTON/SENTSINCE, BEFORE/ON/SINCE at every resolution (OLDER and
 * YOUNGER are seconds), SAVEDBEFORE/SAVEDON/SAVEDSINCE, LARGER/SMALLER, header existence) with search strings cut
 * from the corpus, the HTTP history search's word queries with their bounds and limits, and the SORT keys are asked
 * of both: the answers must be identical, and most of them neither empty nor the whole folder (the test could fail).
 */
class SearchIndexConformanceTest {
    private static final int MESSAGES = 400;
    private static LuceneTextIndex lucene;
    private static PostgresqlDatabase database;
    private static PostgresqlTextIndex postgresql;
    private static List<MailboxMessage> corpus;
    /** What the store holds, for the embedded index's checks of its candidates. */
    private static final ListedStoredTexts texts = new ListedStoredTexts();

    @BeforeAll
    static void fill() throws Exception {
        lucene = new LuceneTextIndex(new RAMDirectory(), texts);
        String url = PostgresTestServer.shared().newDatabase("search_conformance");
        database = new PostgresqlDatabase(new PostgresqlSettings(url, PostgresTestServer.APP_USER,
            PostgresTestServer.APP_PASSWORD, 4));
        postgresql = new PostgresqlTextIndex(database);
        corpus = SearchConformanceCorpus.messages(MESSAGES);
        for (MailboxMessage message : corpus) {
            lucene.add(texts.remember(message));
            postgresql.add(message);
        }
        MailboxMessage oversized = SearchConformanceCorpus.oversized(SearchConformanceCorpus.FOLDERS.get(0), 100_000);
        lucene.add(texts.remember(oversized));
        postgresql.add(oversized);
        for (MailboxId folder : SearchConformanceCorpus.FOLDERS) {
            lucene.setMark(folder, 7);
            postgresql.setMark(folder, 7);
        }
        lucene.commit();
        postgresql.commit();
    }

    @AfterAll
    static void close() throws Exception {
        lucene.close();
        database.close();
    }

    @Test
    void everyImapSearchKeyHasTheSameAnswer() throws Exception {
        List<Criterion> criteria = imapCriteria();
        int informative = 0;
        for (MailboxId folder : SearchConformanceCorpus.FOLDERS) {
            int size = lucene.uids(folder, SearchQuery.mailContains("")).orElseThrow().size();
            for (Criterion criterion : criteria) {
                Optional<Set<MessageUid>> embedded = lucene.uids(folder, criterion);
                Optional<Set<MessageUid>> shared = postgresql.uids(folder, criterion);
                assertThat(shared).as("%s in folder %s", criterion, folder.serialize()).isEqualTo(embedded);
                if (embedded.isPresent() && !embedded.get().isEmpty() && embedded.get().size() < size) {
                    informative++;
                }
            }
        }
        assertThat(informative).as("answers neither empty nor the whole folder")
            .isGreaterThan(criteria.size() * SearchConformanceCorpus.FOLDERS.size() / 3);
    }

    @Test
    void aMessageTooLargeForThePrefiltersIsFoundByItsText() throws Exception {
        MailboxId folder = SearchConformanceCorpus.FOLDERS.get(0);
        for (String value : List.of(SearchConformanceCorpus.OVERSIZED_WORD, SearchConformanceCorpus.OVERSIZED_HAN)) {
            Criterion body = SearchQuery.bodyContains(value);
            assertThat(postgresql.uids(folder, body)).isEqualTo(lucene.uids(folder, body)).contains(Set.of(MessageUid.of(100_000)));
        }
        try (var connection = database.connection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT grams::text, word_lexemes::text FROM cpm_search_entry WHERE uid = 100000")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("'*'");
            assertThat(rows.getString(2)).isEqualTo("'*'");
        }
    }

    @Test
    void theHistorySearchHasTheSameNewestHits() throws Exception {
        ConversationSearchIndex embedded = new LuceneConversationSearch(lucene);
        ConversationSearchIndex shared = new PostgresqlConversationSearch(postgresql);
        List<List<String>> queries = new ArrayList<>();
        for (String word : SearchConformanceCorpus.WORDS) {
            queries.add(List.of(word));
            queries.add(List.of(word.substring(0, Math.min(2, word.length())).toUpperCase()));
        }
        queries.add(List.of());
        queries.add(List.of("!!"));
        queries.add(List.of("piz", "caf"));
        queries.add(List.of("rendez-vous", "lorem"));
        queries.add(List.of("日本"));
        queries.add(List.of("本語"));
        queries.add(List.of("東京タ"));
        queries.add(List.of("CAFÉ", "NAIVE"));
        queries.add(List.of("supercalifragilisticexpialidociousandthensomemoreletterstomakeitlongx"));
        queries.add(List.of("supercalifragilisticexpialidociousandthensomemoreletterstomakeitlon"));
        queries.add(List.of("fi"));
        queries.add(List.of("it's"));
        queries.add(List.of(SearchConformanceCorpus.OVERSIZED_WORD));
        queries.add(List.of(SearchConformanceCorpus.OVERSIZED_WORD.substring(0, 4)));
        queries.add(List.of(SearchConformanceCorpus.OVERSIZED_HAN));
        Instant since = SearchConformanceCorpus.BASE.plus(Duration.ofDays(1));
        Instant until = SearchConformanceCorpus.BASE.plus(Duration.ofDays(4)).plusSeconds(1);
        List<List<MailboxId>> folderSets = List.of(SearchConformanceCorpus.FOLDERS,
            SearchConformanceCorpus.FOLDERS.subList(1, 3));
        int informative = 0;
        for (List<String> words : queries) {
            for (List<MailboxId> folders : folderSets) {
                for (int n : new int[] {1, 7, 1000}) {
                    for (Optional<Instant> from : List.of(Optional.<Instant>empty(), Optional.of(since))) {
                        for (Optional<Instant> to : List.of(Optional.<Instant>empty(), Optional.of(until))) {
                            ConversationSearchIndex.Hits expected = embedded.newest(folders, words, from, to, n);
                            assertThat(shared.newest(folders, words, from, to, n))
                                .as("%s in %s, n=%d, since %s, until %s", words, folders, n, from, to)
                                .isEqualTo(expected);
                            if (expected.totalMatches() > 0 && expected.totalMatches() < MESSAGES) {
                                informative++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(informative).isGreaterThan(queries.size() * 12);
    }

    @Test
    void sortKeysAreTheSame() throws Exception {
        for (MailboxId folder : SearchConformanceCorpus.FOLDERS) {
            Set<MessageUid> uids = corpus.stream().filter(m -> m.getMailboxId().equals(folder))
                .map(MailboxMessage::getUid).collect(Collectors.toSet());
            uids.add(MessageUid.of(999_999)); // unknown to both
            assertThat(postgresql.sortKeys(folder, uids)).isEqualTo(lucene.sortKeys(folder, uids)).hasSize(uids.size() - 1);
        }
    }

    @Test
    void marksDeletionsAndReplacementsAreTheSame() throws Exception {
        MailboxId scratch = JPAId.of(99);
        TextIndex[] both = {lucene, postgresql};
        for (TextIndex index : both) {
            index.add(texts.remember(SearchConformanceCorpus.stored(scratch, 1, SearchConformanceCorpus.BASE, null, bytes("\r\nzebra\r\n"))));
            index.add(texts.remember(SearchConformanceCorpus.stored(scratch, 2, SearchConformanceCorpus.BASE, null, bytes("\r\nzebra\r\n"))));
            index.setMark(scratch, 2);
            index.commit();
            index.add(texts.remember(SearchConformanceCorpus.stored(scratch, 2, SearchConformanceCorpus.BASE, null, bytes("\r\nyak\r\n"))));
            index.commit();
        }
        Criterion zebra = SearchQuery.bodyContains("ZEBRA");
        Criterion yak = SearchQuery.bodyContains("yak");
        assertThat(postgresql.uids(scratch, zebra)).isEqualTo(lucene.uids(scratch, zebra)).contains(Set.of(MessageUid.of(1)));
        assertThat(postgresql.uids(scratch, yak)).isEqualTo(lucene.uids(scratch, yak)).contains(Set.of(MessageUid.of(2)));
        assertThat(postgresql.marks()).isEqualTo(lucene.marks()).containsEntry("99", 2L);
        for (TextIndex index : both) {
            index.delete(scratch, List.of(MessageUid.of(2)));
            index.commit();
        }
        assertThat(postgresql.uids(scratch, yak)).isEqualTo(lucene.uids(scratch, yak)).contains(Set.of());
        assertThat(postgresql.uids(scratch, zebra)).isEqualTo(lucene.uids(scratch, zebra)).contains(Set.of(MessageUid.of(1)));
        for (TextIndex index : both) {
            index.deleteAll(scratch);
            index.dropMark(scratch);
            index.commit();
        }
        assertThat(postgresql.uids(scratch, zebra)).isEqualTo(lucene.uids(scratch, zebra)).contains(Set.of());
        assertThat(postgresql.marks()).isEqualTo(lucene.marks()).doesNotContainKey("99").hasSize(3);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Criterion> imapCriteria() {
        List<Criterion> criteria = new ArrayList<>();
        for (String value : searchStrings()) {
            criteria.add(SearchQuery.bodyContains(value));
            criteria.add(SearchQuery.mailContains(value));
            criteria.add(SearchQuery.subject(value));
            criteria.add(SearchQuery.headerContains("X-Cpm-Tag", value));
            criteria.add(SearchQuery.headerContains("from", value));
            criteria.add(SearchQuery.headerContains("Message-ID", value));
            for (AddressType type : AddressType.values()) {
                criteria.add(SearchQuery.address(type, value));
            }
        }
        for (String name : List.of("Subject", "cc", "BCC", "X-Cpm-Tag", "Date", "X-Nope", "")) {
            criteria.add(SearchQuery.headerExists(name));
            criteria.add(SearchQuery.headerContains(name, ""));
        }
        criteria.add(SearchQuery.subject(""));
        Instant day = SearchConformanceCorpus.BASE.minus(Duration.ofDays(2));
        for (int d = 0; d < 10; d++) {
            Date date = Date.from(day.plus(Duration.ofDays(d)).plusSeconds(d * 3_700L));
            criteria.add(SearchQuery.sentDateBefore(date, DateResolution.Day));
            criteria.add(SearchQuery.sentDateOn(date, DateResolution.Day));
            criteria.add(SearchQuery.sentDateAfter(date, DateResolution.Day));
            criteria.add(SearchQuery.sentDateOn(date, DateResolution.Second)); // not the index's: both leave it
            for (DateResolution resolution : DateResolution.values()) {
                criteria.add(SearchQuery.internalDateBefore(date, resolution));
                criteria.add(SearchQuery.internalDateOn(date, resolution));
                criteria.add(SearchQuery.internalDateAfter(date, resolution));
                criteria.add(SearchQuery.saveDateBefore(date, resolution));
                criteria.add(SearchQuery.saveDateOn(date, resolution));
                criteria.add(SearchQuery.saveDateAfter(date, resolution));
            }
        }
        for (MailboxMessage message : corpus.subList(0, 12)) {
            // OLDER/YOUNGER: seconds relative to an arrival
            Date arrival = message.getInternalDate();
            criteria.add(SearchQuery.internalDateAfter(arrival, DateResolution.Second));
            criteria.add(SearchQuery.internalDateBefore(arrival, DateResolution.Second));
            long size = message.getFullContentOctets();
            criteria.add(SearchQuery.sizeGreaterThan(size));
            criteria.add(SearchQuery.sizeLessThan(size));
            criteria.add(SearchQuery.sizeEquals(size));
        }
        criteria.add(SearchQuery.flagIsSet(javax.mail.Flags.Flag.SEEN)); // metadata's: both leave it
        return criteria;
    }

    /** Substrings of the corpus's words and addresses, in other cases and without accents, across word edges. */
    private static Set<String> searchStrings() {
        Random random = new Random(7);
        Set<String> strings = new LinkedHashSet<>(List.of("", " ", "a", "é", "E", "zz", "ss", "ß", "fi", "ﬁ", "\u0001",
            "alice@", "@example.org", "EXAMPLE.com", "o'neil", "smith, j", "\"Smith", "ünal", "unal", "Élodie", "elodie",
            "山田", "太郎", "<m1", "m12@", "re:", "fwd", "#1", "2026", "back\\sl", "\"quoted\"", "it's", "za caf",
            "pizza, ", "日本語 ", "Привет мир", "ПРИВЕТ", "xn--", "bücher", "istanbul", "İstanbul", "résumé", "resume",
            "zoe", "aero", "ærø", "strasse", "supercalifragilisticexpialidociousandthensomemoreletterstomakeitlong",
            "nothing-like-this", SearchConformanceCorpus.OVERSIZED_WORD, SearchConformanceCorpus.OVERSIZED_HAN,
            SearchConformanceCorpus.OVERSIZED_WORD.toUpperCase() + " "));
        while (strings.size() < 160) {
            String text = SearchConformanceCorpus.words(random, 3);
            int start = random.nextInt(text.length());
            int end = Math.min(text.length(), start + 1 + random.nextInt(9));
            String cut = text.substring(start, end);
            strings.add(random.nextBoolean() ? cut.toUpperCase() : cut);
        }
        return strings;
    }
}

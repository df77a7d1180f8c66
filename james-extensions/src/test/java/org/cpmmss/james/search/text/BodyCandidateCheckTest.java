package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.TotalHitCountCollector;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.ReaderUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every trigram field is kept without positions: a BODY, TEXT or address string of four or more characters finds the
 * messages whose body, header section or address header holds all its trigrams, then each is checked against that
 * text. A message holding the trigrams apart ("abc xbcd" for "abcd") is a candidate and not an answer. SUBJECT and
 * HEADER have no field per header: the header section's trigrams give the candidates, each checked against that
 * header's values, whatever the string's length (another header may hold it). Strings of up to three characters are
 * answered by the body, header section and address fields alone; a candidate whose message is gone is left out; a
 * string longer than Lucene's clause limit in trigrams is answered.
 */
class BodyCandidateCheckTest {
    private static final MailboxId FOLDER = JPAId.of(700);
    private final ListedStoredTexts texts = new ListedStoredTexts();
    private LuceneTextIndex index;

    @BeforeEach
    void fill() throws Exception {
        index = new LuceneTextIndex(new RAMDirectory(), texts);
        // 1: every string whole; 2: the same trigrams, never in a row
        add(1, "From: Quabcd Owner <abcd@example.com>\r\nSubject: abcd\r\nX-Tag: abcd\r\nX-Only: wxyz\r\n\r\nabcd\r\n");
        add(2, "From: Quabc Xbcd <abc.xbcd@example.com>\r\nSubject: abc xbcd\r\nX-Tag: abc xbcd\r\nX-Only: wxy xyz\r\n"
            + "\r\nabc xbcd\r\n");
        index.commit();
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private void add(long uid, String message) throws Exception {
        index.add(texts.remember(TextIndexFieldSizes.stored(FOLDER, uid, message.getBytes(StandardCharsets.UTF_8))));
    }

    private Set<Long> uids(Criterion criterion) throws Exception {
        return index.uids(FOLDER, criterion).orElseThrow().stream().map(MessageUid::asLong).collect(Collectors.toSet());
    }

    @Test
    void trigramsApartAreCandidatesNotAnswers() throws Exception {
        assertThat(uids(SearchQuery.bodyContains("abcd"))).containsExactly(1L);
        assertThat(uids(SearchQuery.mailContains("abcd"))).containsExactly(1L);
        // in the header sections only: the second holds the trigrams apart
        assertThat(uids(SearchQuery.mailContains("wxyz"))).containsExactly(1L);
        assertThat(uids(SearchQuery.mailContains("x-only: wxy x"))).containsExactly(2L);
        assertThat(uids(SearchQuery.subject("ABCD"))).containsExactly(1L);
        assertThat(uids(SearchQuery.headerContains("X-Tag", "abcd"))).containsExactly(1L);
        assertThat(uids(SearchQuery.address(SearchQuery.AddressType.From, "abcd"))).containsExactly(1L);
        // both hold the string across a space: found in both
        assertThat(uids(SearchQuery.bodyContains("c xb"))).containsExactly(2L);
        assertThat(uids(SearchQuery.subject("abc"))).containsExactly(1L, 2L);
    }

    @Test
    void shortStringsAreAnsweredByTheIndexAloneSubjectAndHeaderAlwaysChecked() throws Exception {
        ListedStoredTexts none = new ListedStoredTexts();
        try (LuceneTextIndex alone = new LuceneTextIndex(new RAMDirectory(), none)) {
            alone.add(TextIndexFieldSizes.stored(FOLDER, 1,
                "From: abcd@example.com\r\nSubject: abcd\r\n\r\nabcd\r\n".getBytes(StandardCharsets.UTF_8)));
            alone.commit();
            // the store knows no message: only a check could lose the hit
            assertThat(alone.uids(FOLDER, SearchQuery.bodyContains("bcd")).orElseThrow()).containsExactly(MessageUid.of(1));
            assertThat(alone.uids(FOLDER, SearchQuery.bodyContains("cd")).orElseThrow()).containsExactly(MessageUid.of(1));
            assertThat(alone.uids(FOLDER, SearchQuery.mailContains("ubj")).orElseThrow()).containsExactly(MessageUid.of(1));
            assertThat(alone.uids(FOLDER, SearchQuery.address(SearchQuery.AddressType.From, "bcd")).orElseThrow())
                .containsExactly(MessageUid.of(1));
            // a longer string is checked, and SUBJECT or HEADER always: a message the store no longer has is left out
            assertThat(alone.uids(FOLDER, SearchQuery.bodyContains("abcd")).orElseThrow()).isEmpty();
            assertThat(alone.uids(FOLDER, SearchQuery.mailContains("subject: abcd")).orElseThrow()).isEmpty();
            assertThat(alone.uids(FOLDER, SearchQuery.address(SearchQuery.AddressType.From, "abcd")).orElseThrow()).isEmpty();
            assertThat(alone.uids(FOLDER, SearchQuery.subject("ab")).orElseThrow()).isEmpty();
            assertThat(alone.uids(FOLDER, SearchQuery.headerContains("Subject", "abcd")).orElseThrow()).isEmpty();
        }
    }

    @Test
    void aHeaderStringHeldByAnotherHeaderOnlyIsNotAnAnswer() throws Exception {
        // "wx" and "wxyz" are in X-Only, and in no Subject or X-Tag
        assertThat(uids(SearchQuery.subject("wx"))).isEmpty();
        assertThat(uids(SearchQuery.headerContains("X-Tag", "wxyz"))).isEmpty();
        assertThat(uids(SearchQuery.headerContains("X-Only", "wx"))).containsExactly(1L, 2L);
        assertThat(uids(SearchQuery.headerContains("x-only", "WXYZ"))).containsExactly(1L);
        // a header name is not part of its values
        assertThat(uids(SearchQuery.subject("subject"))).isEmpty();
        assertThat(uids(SearchQuery.headerContains("X-Missing", "abc"))).isEmpty();
    }

    @Test
    void aStringAcrossTwoValuesOfOneHeaderIsFoundWhereverTheyStand() throws Exception {
        // the two Subject values are not neighbours in the header section: their join is found all the same
        add(3, "Subject: first\r\nX-Tag: between\r\nSubject: Second\r\n\r\nbody\r\n");
        index.commit();
        assertThat(uids(SearchQuery.subject("first\nsecond"))).containsExactly(3L);
        assertThat(uids(SearchQuery.subject("rst\nsec"))).containsExactly(3L);
        assertThat(uids(SearchQuery.subject("first\nbetween"))).isEmpty();
        assertThat(uids(SearchQuery.headerContains("X-Tag", "between"))).containsExactly(3L);
    }

    @Test
    void aStringOfMoreTrigramsThanLuceneClausesIsAnswered() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 5000; i++) {
            text.append("word").append(i).append(' ');
        }
        add(3, "Subject: long\r\n\r\n" + text + "\r\n");
        index.commit();
        String wanted = text.substring(100, 3100);
        assertThat(uids(SearchQuery.bodyContains(wanted))).containsExactly(3L);
        assertThat(uids(SearchQuery.bodyContains(wanted + "!"))).isEmpty();
    }

    @Test
    void trigramsHoldNoPositionsNoHeaderHasAFieldHistoryWordsHavePositions() throws Exception {
        IndexSearcher searcher = index.acquire();
        try {
            FieldInfos fields = ReaderUtil.getMergedFieldInfos(searcher.getIndexReader());
            for (String field : new String[] {TextIndexFields.BODY, TextIndexFields.HEADERS, TextIndexFields.address("From")}) {
                assertThat(fields.fieldInfo(field).indexOptions).as(field).isEqualTo(FieldInfo.IndexOptions.DOCS_ONLY);
            }
            for (FieldInfo field : fields) {
                assertThat(field.name).doesNotStartWith("text.h.");
            }
            assertThat(fields.fieldInfo(TextIndexFields.WORDS).indexOptions)
                .isEqualTo(FieldInfo.IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
            PhraseQuery words = new PhraseQuery();
            words.add(new Term(TextIndexFields.WORDS, "abc"), 0);
            words.add(new Term(TextIndexFields.WORDS, "xbcd"), 1);
            TotalHitCountCollector hits = new TotalHitCountCollector();
            searcher.search(words, hits);
            assertThat(hits.getTotalHits()).isEqualTo(1);
        } finally {
            index.release(searcher);
        }
    }
}

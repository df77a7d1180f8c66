package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TotalHitCountCollector;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.LuceneConversationSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded text index keeps one body document per distinct body text, shared by the copies of a message in the
 * owners' folders: BODY, TEXT and the history words find every copy through it, an expunge keeps it while a copy
 * refers to it and deletes it with the last one (a merge then drops its postings), and an index written in the earlier
 * layout (body text in every copy's document) is emptied at open so that the indexer fills it again.
 */
class SharedBodyDocumentsTest {
    private static final String TEXT = "see you at the lighthouse tomorrow morning";
    private static final List<MailboxId> OWNERS = ownerFolders(10);

    private RAMDirectory directory;
    private LuceneTextIndex index;
    private final ListedStoredTexts texts = new ListedStoredTexts();

    @BeforeEach
    void open() throws Exception {
        directory = new RAMDirectory();
        index = new LuceneTextIndex(directory, texts);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private static List<MailboxId> ownerFolders(int count) {
        List<MailboxId> folders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            folders.add(JPAId.of(500 + i));
        }
        return folders;
    }

    private static byte[] groupChat(String text) {
        return ("From: tel:+33600000001\r\nTo: sip:Conference-Factory@example.com\r\nSubject: group\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private void storeForEveryOwner(long uid, String text) throws Exception {
        for (MailboxId folder : OWNERS) {
            index.add(texts.remember(TextIndexFieldSizes.stored(folder, uid, groupChat(text))));
        }
        index.commit();
    }

    private int count(Query query) throws Exception {
        IndexSearcher searcher = index.acquire();
        try {
            TotalHitCountCollector hits = new TotalHitCountCollector();
            searcher.search(query, hits);
            return hits.getTotalHits();
        } finally {
            index.release(searcher);
        }
    }

    private int bodyDocuments() throws Exception {
        return count(new PrefixQuery(new Term(TextIndexFields.BODY_KEY, "")));
    }

    private Set<Long> body(MailboxId folder, String value) throws Exception {
        return uids(folder, SearchQuery.bodyContains(value));
    }

    private Set<Long> uids(MailboxId folder, SearchQuery.Criterion criterion) throws Exception {
        Optional<Set<MessageUid>> found = index.uids(folder, criterion);
        assertThat(found).isPresent();
        return found.get().stream().map(MessageUid::asLong).collect(Collectors.toSet());
    }

    private List<String> historyHits(List<MailboxId> folders, String word) throws Exception {
        ConversationSearchIndex.Hits hits = new LuceneConversationSearch(index).newest(folders, List.of(word),
            Optional.empty(), Optional.empty(), 50);
        return hits.hits().stream().map(hit -> hit.mailboxId() + "/" + hit.uid().asLong()).toList();
    }

    @Test
    void anObjectForTenOwnersHasOneBodyDocumentFoundFromEveryFolder() throws Exception {
        storeForEveryOwner(1, TEXT);
        storeForEveryOwner(2, "another text about coffee");

        assertThat(bodyDocuments()).isEqualTo(2);
        assertThat(count(new PrefixQuery(new Term(TextIndexFields.MAILBOX_ID, "")))).isEqualTo(20);
        for (MailboxId folder : OWNERS) {
            assertThat(body(folder, "ghthouse tomo")).containsExactly(1L);
            assertThat(uids(folder, SearchQuery.mailContains("lighthouse"))).containsExactly(1L);
            assertThat(uids(folder, SearchQuery.mailContains("Conference-Factory"))).containsExactly(1L, 2L);
            assertThat(body(folder, "coffee")).containsExactly(2L);
        }
        assertThat(historyHits(OWNERS, "lightho")).hasSize(10);
        assertThat(historyHits(OWNERS.subList(3, 5), "lightho"))
            .containsExactlyInAnyOrder(TextDocuments.key(OWNERS.get(3)) + "/1", TextDocuments.key(OWNERS.get(4)) + "/1");
    }

    @Test
    void expungingNineCopiesKeepsTheTenthFindableAndTheLastExpungeFreesTheBody() throws Exception {
        storeForEveryOwner(1, TEXT);
        storeForEveryOwner(2, "another text about coffee");
        for (MailboxId folder : OWNERS.subList(0, 9)) {
            index.delete(folder, List.of(MessageUid.of(1)));
            index.commit();
        }
        MailboxId last = OWNERS.get(9);
        assertThat(bodyDocuments()).isEqualTo(2);
        assertThat(body(last, "lighthouse")).containsExactly(1L);
        assertThat(uids(last, SearchQuery.mailContains("house tomorrow"))).containsExactly(1L);
        assertThat(historyHits(OWNERS, "lighthouse")).containsExactly(TextDocuments.key(last) + "/1");
        for (MailboxId folder : OWNERS.subList(0, 9)) {
            assertThat(body(folder, "lighthouse")).isEmpty();
        }

        index.delete(last, List.of(MessageUid.of(1)));
        index.commit();
        assertThat(bodyDocuments()).isEqualTo(1);
        assertThat(body(last, "lighthouse")).isEmpty();
        assertThat(body(last, "coffee")).containsExactly(2L);
        index.forceMerge();
        try (IndexReader reader = IndexReader.open(directory)) {
            // the merge dropped the freed body's postings: no document, even a deleted one, has its words
            assertThat(reader.docFreq(new Term(TextIndexFields.WORDS, "lighthouse"))).isZero();
            assertThat(reader.docFreq(new Term(TextIndexFields.WORDS, "coffee"))).isEqualTo(1);
        }

        storeForEveryOwner(3, TEXT);
        assertThat(bodyDocuments()).isEqualTo(2);
        assertThat(body(last, "lighthouse")).containsExactly(3L);
    }

    @Test
    void deletingFoldersReleasesTheirCopies() throws Exception {
        storeForEveryOwner(1, TEXT);
        for (MailboxId folder : OWNERS.subList(1, 10)) {
            index.deleteAll(folder);
        }
        index.commit();
        assertThat(bodyDocuments()).isEqualTo(1);
        assertThat(body(OWNERS.get(0), "lighthouse")).containsExactly(1L);
        index.deleteAll(OWNERS.get(0));
        index.commit();
        assertThat(bodyDocuments()).isZero();
    }

    @Test
    void copiesStoredAgainReferToOneBody() throws Exception {
        storeForEveryOwner(1, TEXT);
        storeForEveryOwner(1, TEXT); // the indexer indexing the same messages again (a re-index)
        assertThat(bodyDocuments()).isEqualTo(1);
        index.delete(OWNERS.get(0), List.of(MessageUid.of(1)));
        index.commit();
        assertThat(bodyDocuments()).isEqualTo(1);
        assertThat(body(OWNERS.get(1), "lighthouse")).containsExactly(1L);
    }

    @Test
    void anIndexInTheEarlierLayoutIsEmptiedAtOpen(@TempDir Path work) throws Exception {
        index.close();
        File earlier = work.toFile();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(earlier), new IndexWriterConfig(Version.LUCENE_36, new TextIndexAnalyzer()))) {
            Document copy = new Document();
            copy.add(new Field(TextIndexFields.ID, TextDocuments.id(OWNERS.get(0), MessageUid.of(1)), Field.Store.NO,
                Field.Index.NOT_ANALYZED_NO_NORMS));
            copy.add(new Field(TextIndexFields.MAILBOX_ID, TextDocuments.key(OWNERS.get(0)), Field.Store.YES,
                Field.Index.NOT_ANALYZED_NO_NORMS));
            copy.add(new NumericField(TextIndexFields.UID, Field.Store.YES, true).setLongValue(1));
            copy.add(new Field(TextIndexFields.BODY, TEXT, Field.Store.NO, Field.Index.ANALYZED_NO_NORMS));
            copy.add(new Field(TextIndexFields.WORDS, TEXT, Field.Store.NO, Field.Index.ANALYZED_NO_NORMS));
            writer.addDocument(copy);
            Document mark = new Document();
            mark.add(new Field(TextIndexFields.MARK_OF, TextDocuments.key(OWNERS.get(0)), Field.Store.YES,
                Field.Index.NOT_ANALYZED_NO_NORMS));
            mark.add(new Field(TextIndexFields.MARK_UID, "1", Field.Store.YES, Field.Index.NO));
            writer.addDocument(mark);
        }
        index = new LuceneTextIndex(FSDirectory.open(earlier), texts);

        assertThat(index.marks()).isEmpty(); // so the indexer indexes the folder again from the store
        assertThat(count(new PrefixQuery(new Term(TextIndexFields.MAILBOX_ID, "")))).isZero();
        index.add(texts.remember(TextIndexFieldSizes.stored(OWNERS.get(0), 1, groupChat(TEXT))));
        index.commit();
        assertThat(body(OWNERS.get(0), "lighthouse")).containsExactly(1L);
        index.close();

        index = new LuceneTextIndex(FSDirectory.open(earlier), texts); // this layout is kept at the next open
        assertThat(body(OWNERS.get(0), "lighthouse")).containsExactly(1L);
        assertThat(bodyDocuments()).isEqualTo(1);
    }

    @Test
    void aBodyStoredBeforeTheIndexWasReopenedIsSharedAfterIt(@TempDir Path work) throws Exception {
        index.close();
        File dir = work.toFile();
        index = new LuceneTextIndex(FSDirectory.open(dir), texts);
        storeForEveryOwner(1, TEXT);
        storeForEveryOwner(2, "another body");
        index.close();

        // the bodies already held are known at the first write after the open: a new copy refers to its body
        index = new LuceneTextIndex(FSDirectory.open(dir), texts);
        index.add(texts.remember(TextIndexFieldSizes.stored(OWNERS.get(0), 3, groupChat(TEXT))));
        index.add(texts.remember(TextIndexFieldSizes.stored(OWNERS.get(0), 4, groupChat("a third body"))));
        index.commit();
        assertThat(bodyDocuments()).isEqualTo(3);
        assertThat(body(OWNERS.get(0), "lighthouse")).containsExactly(1L, 3L);
        assertThat(body(OWNERS.get(0), "third")).containsExactly(4L);

        // a body deleted with its last copy, then stored again, gets a body document again
        for (MailboxId folder : OWNERS) {
            index.delete(folder, List.of(MessageUid.of(2)));
        }
        index.commit();
        assertThat(bodyDocuments()).isEqualTo(2);
        index.add(texts.remember(TextIndexFieldSizes.stored(OWNERS.get(1), 5, groupChat("another body"))));
        index.commit();
        assertThat(bodyDocuments()).isEqualTo(3);
        assertThat(body(OWNERS.get(1), "another")).containsExactly(5L);
    }
}

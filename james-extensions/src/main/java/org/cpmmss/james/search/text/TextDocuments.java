package org.cpmmss.james.search.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.Field.Index;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.NumericField;
import org.apache.lucene.index.FieldInfo;

/**
 * Builds the embedded text index's documents (fields: {@link TextIndexFields}): per message copy, a copy document
 * (folder, UID, dates, size, header section and address texts, sort keys, the number of its body document); per distinct
 * body text, one body document (BODY trigrams, history words) shared by every copy with that text.
 */
public final class TextDocuments {
    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private TextDocuments() {
    }

    public static String key(MailboxId mailboxId) {
        return mailboxId.serialize().toUpperCase(Locale.US);
    }

    public static String id(MailboxId mailboxId, MessageUid uid) {
        return key(mailboxId) + "-" + uid.asLong();
    }

    /** Every document written for an entry, its body as body number 1 (measurements). */
    public static List<Document> all(TextEntry entry) {
        return List.of(body(bodyDigest(entry.body()), 1, entry.body()), copy(entry, 1));
    }

    /**
     * The key of a body text: SHA-256 of its UTF-8 bytes, first 128 bits, base64url. Copies whose decoded body texts
     * are equal share one body document (equal texts give equal BODY and WORDS postings, whatever bytes they came from).
     */
    public static String bodyDigest(String bodyText) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bodyText.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body document: the body text's trigrams (BODY, without positions) and words (history search, with positions:
     * its phrases are answered by the index alone), its key and number.
     */
    static Document body(String digest, int number, String bodyText) {
        Document doc = new Document();
        doc.add(key(TextIndexFields.BODY_KEY, digest, Store.NO));
        doc.add(key(TextIndexFields.BODY_NO, Integer.toString(number), Store.YES));
        doc.add(trigrams(TextIndexFields.BODY, bodyText));
        doc.add(analysed(TextIndexFields.WORDS, bodyText));
        return doc;
    }

    /** The document of one message copy: everything but the body text, which its body document holds. */
    static Document copy(TextEntry entry, int bodyNumber) {
        Date arrival = entry.arrival();
        SortKeys keys = entry.sortKeys();
        Document doc = new Document();
        doc.add(key(TextIndexFields.ID, id(entry.mailboxId(), entry.uid()), Store.NO));
        doc.add(key(TextIndexFields.MAILBOX_ID, key(entry.mailboxId()), Store.YES));
        NumericField uid = new NumericField(TextIndexFields.UID, Store.YES, true).setLongValue(entry.uid().asLong());
        uid.setIndexOptions(FieldInfo.IndexOptions.DOCS_ONLY);
        doc.add(uid);
        doc.add(key(TextIndexFields.BODY_REF, Integer.toString(bodyNumber), Store.YES));
        doc.add(key(TextIndexFields.ARRIVAL_MS, DateTools.dateToString(arrival, DateTools.Resolution.MILLISECOND), Store.NO));
        doc.add(key(TextIndexFields.ARRIVAL_SECOND, DateTools.dateToString(arrival, DateTools.Resolution.SECOND), Store.NO));
        doc.add(trigrams(TextIndexFields.HEADERS, entry.headerText()));
        for (Map.Entry<String, String> address : entry.addresses().entrySet()) {
            doc.add(trigrams(TextIndexFields.address(address.getKey()), address.getValue()));
        }
        stored(doc, TextIndexFields.SORT_FROM, keys.from());
        stored(doc, TextIndexFields.SORT_TO, keys.to());
        stored(doc, TextIndexFields.SORT_CC, keys.cc());
        entry.sentDay().ifPresent(day -> doc.add(key(TextIndexFields.SENT_DAY, DAY.format(day), Store.NO)));
        stored(doc, TextIndexFields.SORT_DATE, Long.toString(keys.date()));
        stored(doc, TextIndexFields.SORT_ARRIVAL, Long.toString(keys.arrival()));
        stored(doc, TextIndexFields.SORT_SIZE, Long.toString(keys.size()));
        NumericField size = new NumericField(TextIndexFields.SIZE, Store.NO, true).setLongValue(entry.size());
        size.setIndexOptions(FieldInfo.IndexOptions.DOCS_ONLY);
        doc.add(size);
        entry.saved().ifPresent(saved -> doc.add(key(TextIndexFields.SAVE_MS,
            DateTools.dateToString(saved, DateTools.Resolution.MILLISECOND), Store.NO)));
        entry.headerNames().forEach(name -> doc.add(key(TextIndexFields.HEADER_NAMES, name, Store.NO)));
        stored(doc, TextIndexFields.SORT_SUBJECT, keys.subject());
        return doc;
    }

    /** A single-term field matched as a whole (no frequencies, no positions: no phrase is ever asked of it). */
    static Field key(String name, String value, Store store) {
        Field field = new Field(name, value, store, Index.NOT_ANALYZED_NO_NORMS);
        field.setIndexOptions(FieldInfo.IndexOptions.DOCS_ONLY);
        return field;
    }

    /** The day of a search date (James builds it at some time of that day in GMT), as indexed. */
    public static String day(Date searchDate) {
        return DAY.format(searchDate.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** An analysed field with positions: the history search's words (its phrases are answered by the index alone). */
    private static Field analysed(String name, String value) {
        return new Field(name, value, Store.NO, Index.ANALYZED_NO_NORMS, Field.TermVector.NO);
    }

    /**
     * A trigram field ({@link TrigramTokenizer}) without frequencies or positions, for the body text, the whole
     * header section (TEXT, and the candidates of SUBJECT and HEADER) and each address header: a substring query is
     * the conjunction of its trigrams, its candidates checked against their texts ({@link StoredTexts}). Positions
     * were three quarters of the body trigrams' index (docs/benchmarks.md, "Fourteenth session") and half of the
     * header section's ("Sixteenth session"); each header's own field with positions was a fifth of the index
     * ("Twenty-first session").
     */
    private static Field trigrams(String name, String value) {
        Field field = new Field(name, value, Store.NO, Index.ANALYZED_NO_NORMS, Field.TermVector.NO);
        field.setIndexOptions(FieldInfo.IndexOptions.DOCS_ONLY);
        return field;
    }

    private static void stored(Document doc, String name, String value) {
        doc.add(new Field(name, value, Store.YES, Index.NO));
    }
}

package org.cpmmss.james.search.text;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.Field.Index;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.NumericField;

/** Builds the text index's document of one stored message (fields: {@link TextIndexFields}). */
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

    /** The document of a stored message, its bytes read from the message. */
    public static Document of(MailboxMessage message) throws IOException {
        return of(TextEntry.of(message));
    }

    /** The document of a stored message whose bytes are at hand (see {@link TextEntry#of(MailboxMessage, byte[])}). */
    public static Document of(MailboxMessage message, byte[] content) {
        return of(TextEntry.of(message, content));
    }

    /** The document of an extracted entry. */
    public static Document of(TextEntry entry) {
        Date arrival = entry.arrival();
        SortKeys keys = entry.sortKeys();
        Document doc = new Document();
        doc.add(new Field(TextIndexFields.ID, id(entry.mailboxId(), entry.uid()), Store.NO, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(new Field(TextIndexFields.MAILBOX_ID, key(entry.mailboxId()), Store.YES, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(new NumericField(TextIndexFields.UID, Store.YES, true).setLongValue(entry.uid().asLong()));
        doc.add(new Field(TextIndexFields.ARRIVAL_MS, DateTools.dateToString(arrival, DateTools.Resolution.MILLISECOND),
            Store.NO, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(new Field(TextIndexFields.ARRIVAL_SECOND, DateTools.dateToString(arrival, DateTools.Resolution.SECOND),
            Store.NO, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(analysed(TextIndexFields.BODY, entry.body()));
        doc.add(analysed(TextIndexFields.WORDS, entry.body()));
        doc.add(analysed(TextIndexFields.HEADERS, entry.headerText()));
        for (Map.Entry<String, String> header : entry.valuesByName().entrySet()) {
            doc.add(analysed(TextIndexFields.header(header.getKey()), header.getValue()));
        }
        for (Map.Entry<String, String> address : entry.addresses().entrySet()) {
            doc.add(analysed(TextIndexFields.address(address.getKey()), address.getValue()));
        }
        stored(doc, TextIndexFields.SORT_FROM, keys.from());
        stored(doc, TextIndexFields.SORT_TO, keys.to());
        stored(doc, TextIndexFields.SORT_CC, keys.cc());
        entry.sentDay().ifPresent(day -> doc.add(new Field(TextIndexFields.SENT_DAY, DAY.format(day), Store.NO,
            Index.NOT_ANALYZED_NO_NORMS)));
        stored(doc, TextIndexFields.SORT_DATE, Long.toString(keys.date()));
        stored(doc, TextIndexFields.SORT_ARRIVAL, Long.toString(keys.arrival()));
        stored(doc, TextIndexFields.SORT_SIZE, Long.toString(keys.size()));
        doc.add(new NumericField(TextIndexFields.SIZE, Store.NO, true).setLongValue(entry.size()));
        entry.saved().ifPresent(saved -> doc.add(new Field(TextIndexFields.SAVE_MS,
            DateTools.dateToString(saved, DateTools.Resolution.MILLISECOND), Store.NO, Index.NOT_ANALYZED_NO_NORMS)));
        entry.headerNames().forEach(name ->
            doc.add(new Field(TextIndexFields.HEADER_NAMES, name, Store.NO, Index.NOT_ANALYZED_NO_NORMS)));
        stored(doc, TextIndexFields.SORT_SUBJECT, keys.subject());
        return doc;
    }

    /** The day of a search date (James builds it at some time of that day in GMT), as indexed. */
    public static String day(Date searchDate) {
        return DAY.format(searchDate.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static Field analysed(String name, String value) {
        return new Field(name, value, Store.NO, Index.ANALYZED_NO_NORMS, Field.TermVector.NO);
    }

    private static void stored(Document doc, String name, String value) {
        doc.add(new Field(name, value, Store.YES, Index.NO));
    }
}

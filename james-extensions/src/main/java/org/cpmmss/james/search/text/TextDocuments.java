package org.cpmmss.james.search.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.Field.Index;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.NumericField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the text index's document of one stored message (fields: {@link TextIndexFields}). */
public final class TextDocuments {
    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String[] ADDRESS_HEADERS = {"From", "To", "Cc", "Bcc"};
    private static final Logger LOGGER = LoggerFactory.getLogger(TextDocuments.class);

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
        byte[] content;
        try (InputStream in = message.getFullContent()) {
            content = in.readAllBytes();
        }
        return of(message, content);
    }

    /**
     * The document of a stored message whose bytes are at hand. A message that cannot be parsed still gets a
     * document (no text): its size, dates and header names are searchable.
     */
    public static Document of(MailboxMessage message, byte[] content) {
        MessageText text;
        try {
            text = MessageText.parse(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Text index: message {} of mailbox {} has no searchable text: {}", message.getUid().asLong(),
                message.getMailboxId().serialize(), e.toString());
            text = new MessageText(List.of(), List.of(), "");
        }
        Date arrival = message.getInternalDate();
        Document doc = new Document();
        doc.add(new Field(TextIndexFields.ID, id(message.getMailboxId(), message.getUid()), Store.NO, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(new Field(TextIndexFields.MAILBOX_ID, key(message.getMailboxId()), Store.YES, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(new NumericField(TextIndexFields.UID, Store.YES, true).setLongValue(message.getUid().asLong()));
        doc.add(new Field(TextIndexFields.ARRIVAL_MS, DateTools.dateToString(arrival, DateTools.Resolution.MILLISECOND),
            Store.NO, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(new Field(TextIndexFields.ARRIVAL_SECOND, DateTools.dateToString(arrival, DateTools.Resolution.SECOND),
            Store.NO, Index.NOT_ANALYZED_NO_NORMS));
        doc.add(analysed(TextIndexFields.BODY, text.body()));
        doc.add(analysed(TextIndexFields.WORDS, text.body()));
        doc.add(analysed(TextIndexFields.HEADERS, text.headerText()));
        for (Map.Entry<String, String> header : text.valuesByName().entrySet()) {
            doc.add(analysed(TextIndexFields.header(header.getKey()), header.getValue()));
        }
        for (String name : ADDRESS_HEADERS) {
            Optional<AddressText> addresses = text.addresses(name);
            addresses.ifPresent(a -> doc.add(analysed(TextIndexFields.address(name), a.searchable())));
            if (!"Bcc".equals(name)) {
                stored(doc, "Cc".equals(name) ? TextIndexFields.SORT_CC : "To".equals(name) ? TextIndexFields.SORT_TO
                    : TextIndexFields.SORT_FROM, addresses.map(AddressText::sortMailbox).orElse(""));
            }
        }
        Optional<SentDate> sent = text.first("Date").flatMap(SentDate::parse);
        sent.ifPresent(s -> doc.add(new Field(TextIndexFields.SENT_DAY, DAY.format(s.day()), Store.NO, Index.NOT_ANALYZED_NO_NORMS)));
        stored(doc, TextIndexFields.SORT_DATE, Long.toString(sent.map(s -> s.instant().toEpochMilli()).orElse(arrival.getTime())));
        stored(doc, TextIndexFields.SORT_ARRIVAL, Long.toString(arrival.getTime()));
        stored(doc, TextIndexFields.SORT_SIZE, Long.toString(message.getFullContentOctets()));
        doc.add(new NumericField(TextIndexFields.SIZE, Store.NO, true).setLongValue(message.getFullContentOctets()));
        message.getSaveDate().ifPresent(saved -> doc.add(new Field(TextIndexFields.SAVE_MS,
            DateTools.dateToString(saved, DateTools.Resolution.MILLISECOND), Store.NO, Index.NOT_ANALYZED_NO_NORMS)));
        text.headers().stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).distinct().forEach(name ->
            doc.add(new Field(TextIndexFields.HEADER_NAMES, name, Store.NO, Index.NOT_ANALYZED_NO_NORMS)));
        stored(doc, TextIndexFields.SORT_SUBJECT, BaseSubject.of(text.first("Subject").orElse("")));
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

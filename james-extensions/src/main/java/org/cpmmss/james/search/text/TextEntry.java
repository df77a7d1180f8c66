package org.cpmmss.james.search.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the search index keeps of one stored message, before it is written into a Lucene document
 * ({@link TextDocuments}) or a PostgreSQL row: the texts searched by substring (body, header section, every header's
 * values by lower-cased name, the address headers' {@link AddressText#searchable()} by lower-cased name), the
 * sent day, the dates, the size, the header names, and the RFC 5256 sort keys. Both indexes are built from this one
 * extraction, so they see the same text.
 */
public record TextEntry(MailboxId mailboxId, MessageUid uid, Date arrival, Optional<Date> saved, long size, String body,
                        String headerText, Map<String, String> valuesByName, Map<String, String> addresses,
                        Optional<LocalDate> sentDay, List<String> headerNames, SortKeys sortKeys) {
    /** The address headers searched by FROM, TO, CC, BCC. */
    static final List<String> ADDRESS_HEADERS = List.of("From", "To", "Cc", "Bcc");
    private static final Logger LOGGER = LoggerFactory.getLogger(TextEntry.class);

    /** The entry of a stored message, its bytes read from the message. */
    public static TextEntry of(MailboxMessage message) throws IOException {
        byte[] content;
        try (InputStream in = message.getFullContent()) {
            content = in.readAllBytes();
        }
        return of(message, content);
    }

    /**
     * The entry of a stored message whose bytes are at hand. A message that cannot be parsed still gets an entry
     * (no text): its size, dates and header names are searchable.
     */
    public static TextEntry of(MailboxMessage message, byte[] content) {
        MessageText text;
        try {
            text = MessageText.parse(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Text index: message {} of mailbox {} has no searchable text: {}", message.getUid().asLong(),
                message.getMailboxId().serialize(), e.toString());
            text = MessageText.EMPTY;
        }
        Date arrival = message.getInternalDate();
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, String> sortMailboxes = new LinkedHashMap<>();
        for (String name : ADDRESS_HEADERS) {
            Optional<AddressText> found = text.addresses(name);
            found.ifPresent(a -> addresses.put(name.toLowerCase(Locale.ROOT), a.searchable()));
            sortMailboxes.put(name, found.map(AddressText::sortMailbox).orElse(""));
        }
        Optional<SentDate> sent = text.first("Date").flatMap(SentDate::parse);
        long sortDate = sent.map(s -> s.instant().toEpochMilli()).orElse(arrival.getTime());
        SortKeys keys = new SortKeys(message.getUid(), arrival.getTime(), sortDate, message.getFullContentOctets(),
            BaseSubject.of(text.first("Subject").orElse("")), sortMailboxes.get("From"), sortMailboxes.get("To"),
            sortMailboxes.get("Cc"));
        List<String> names = text.headers().stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).distinct().toList();
        return new TextEntry(message.getMailboxId(), message.getUid(), arrival, message.getSaveDate(),
            message.getFullContentOctets(), text.body(), text.headerText(), text.valuesByName(), addresses,
            sent.map(SentDate::day), names, keys);
    }
}

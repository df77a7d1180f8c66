package org.cpmmss.james.search.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Fieldable;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

/**
 * Measurement tool (not a test): the size of the embedded text index per field group on a fill of chat objects of
 * ordinary words (the CPIM objects of {@code bench/soak/owners.py}), each copy of an object in one of OWNERS folders.
 * Every group is indexed alone into its own index, merged to one segment; the whole index is
 * {@link LuceneTextIndex} itself (body documents shared by the copies when the layout shares them).
 *
 * <pre>java -cp ... org.cpmmss.james.search.text.TextIndexFieldSizes [OBJECTS=2000] [SIZE=1024] [OWNERS=1]</pre>
 */
public final class TextIndexFieldSizes {
    private static final String[] WORDS = ("see you at the station tomorrow morning bring the tickets and some coffee "
        + "please we can talk about the plans for the weekend trip with everyone in the group chat photos later").split(" ");

    private TextIndexFieldSizes() {
    }

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int owners = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<MailboxMessage> copies = new ArrayList<>();
        Random random = new Random(42);
        long text = 0;
        for (int i = 0; i < objects; i++) {
            byte[] content = chatObject(random, i, size);
            for (int k = 0; k < owners; k++) {
                copies.add(stored(JPAId.of(100 + k), i + 1, content));
            }
            text += content.length;
        }
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put("text.body (BODY trigrams)", TextIndexFields.BODY::equals);
        groups.put("words (history words)", TextIndexFields.WORDS::equals);
        groups.put("text.headers (header section trigrams)", TextIndexFields.HEADERS::equals);
        groups.put("text.a.* (address trigrams)", name -> name.startsWith("text.a."));
        groups.put("stored sort keys", name -> name.startsWith("sort."));
        groups.put("ids, folder, UID, dates, size, header names, body refs", name -> !name.startsWith("text.")
            && !name.equals(TextIndexFields.WORDS) && !name.startsWith("sort."));
        List<Document> documents = new ArrayList<>();
        for (MailboxMessage copy : copies) {
            documents.addAll(TextDocuments.all(TextEntry.of(copy)));
        }
        System.out.printf("objects=%d size=%d owners=%d copies=%d message-bytes(all copies)=%d%n", objects, size, owners,
            copies.size(), text * owners);
        long sum = 0;
        for (Map.Entry<String, Predicate<String>> group : groups.entrySet()) {
            long bytes = groupSize(documents, group.getValue());
            sum += bytes;
            System.out.printf("FIELD-SIZE %-55s %10d bytes  %7.1f per copy%n", group.getKey(), bytes,
                bytes / (double) copies.size());
        }
        System.out.printf("FIELD-SIZE %-55s %10d bytes  %7.1f per copy%n", "sum of groups", sum, sum / (double) copies.size());
        RAMDirectory whole = new RAMDirectory();
        try (LuceneTextIndex index = new LuceneTextIndex(whole, new ListedStoredTexts(copies))) {
            for (MailboxMessage copy : copies) {
                index.add(copy);
            }
            index.commit();
            index.forceMerge();
            System.out.printf("FIELD-SIZE %-55s %10d bytes  %7.1f per copy%n", "LuceneTextIndex (merged)",
                whole.sizeInBytes(), whole.sizeInBytes() / (double) copies.size());
        }
    }

    private static long groupSize(List<Document> documents, Predicate<String> fields) throws IOException {
        RAMDirectory directory = new RAMDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(Version.LUCENE_36, new TextIndexAnalyzer()))) {
            for (Document document : documents) {
                Document part = new Document();
                for (Fieldable field : document.getFields()) {
                    if (fields.test(field.name())) {
                        part.add(field);
                    }
                }
                if (!part.getFields().isEmpty()) {
                    writer.addDocument(part);
                }
            }
            writer.forceMerge(1);
        }
        try (IndexReader reader = IndexReader.open(directory)) {
            return directory.sizeInBytes();
        }
    }

    static byte[] chatObject(Random random, int i, int size) {
        String id = "obj-" + i;
        StringBuilder message = new StringBuilder("Date: Fri, 25 Mar 2016 11:02:13 +0100\r\nFrom: tel:+33643209850\r\n"
            + "To: sip:Conference-Factory@example.com\r\nSubject: soak group\r\nConversation-ID: soak-group-conv\r\n"
            + "Contribution-ID: soak-group-" + id + "\r\nIMDN-Message-ID: " + id + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: message/cpim\r\n\r\nFrom: <tel:+33643209850>\r\nTo: <sip:anonymous@anonymous.invalid>\r\n"
            + "NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: " + id + "\r\nDateTime: 2016-03-25T10:02:12Z\r\n\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n");
        while (message.length() < size - 2) {
            message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        message.setLength(size - 2);
        return message.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static MailboxMessage stored(MailboxId folder, long uid, byte[] content) {
        int bodyStart = content.length;
        for (int i = 0; i + 3 < content.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '\r' && content[i + 3] == '\n') {
                bodyStart = i + 4;
                break;
            }
        }
        return SimpleMailboxMessage.builder()
            .messageId(new DefaultMessageId())
            .threadId(ThreadId.fromBaseMessageId(new DefaultMessageId()))
            .mailboxId(folder)
            .uid(MessageUid.of(uid))
            .internalDate(Date.from(Instant.parse("2026-12-05T10:00:00Z").plusSeconds(uid)))
            .saveDate(java.util.Optional.empty())
            .size(content.length)
            .bodyStartOctet(bodyStart)
            .content(new ByteContent(content))
            .flags(new Flags())
            .properties(new PropertyBuilder())
            .build();
    }
}

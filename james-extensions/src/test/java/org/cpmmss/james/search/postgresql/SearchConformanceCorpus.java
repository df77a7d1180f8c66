package org.cpmmss.james.search.postgresql;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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

/**
 * A seeded corpus of messages in three folders for the search conformance test: headers with encoded words,
 * accents, display names, several and repeated address headers, Date headers in several zones (days differing from
 * UTC's), missing and malformed dates; bodies plain, quoted-printable, base64, multipart, CPIM, Han and Cyrillic,
 * with quotes, backslashes, long words; internal and save dates spread over days and seconds.
 */
final class SearchConformanceCorpus {
    static final List<MailboxId> FOLDERS = List.of(JPAId.of(11), JPAId.of(12), JPAId.of(13));
    static final Instant BASE = Instant.parse("2026-03-01T10:00:00.250Z");
    static final String[] WORDS = {"pizza", "Pizzeria", "café", "CAFE", "naïve", "rendez-vous", "harbour", "über",
        "straße", "Ærø", "日本語", "東京タワー", "Привет", "мир", "it's", "back\\slash", "\"quoted\"", "x", "ab",
        "42", "2026-03-01", "lorem", "ipsum", "dolor", "supercalifragilisticexpialidociousandthensomemoreletterstomakeitlong",
        "o'brien", "résumé", "Zoë", "ﬁle", "İstanbul"};
    private static final String[] NAMES = {"Alice Example", "Bob O'Neil", "Zoë Ünal", "\"Smith, John\"", "山田太郎",
        "=?UTF-8?B?w4lsb2RpZQ==?=", ""};
    private static final String[] DOMAINS = {"example.com", "Example.ORG", "msg.operator.net", "xn--bcher-kva.de"};
    private static final String[] ZONES = {"+0000", "-0800", "+1400", "+0530", "-1100"};

    private SearchConformanceCorpus() {
    }

    static List<MailboxMessage> messages(int count) {
        Random random = new Random(23);
        List<MailboxMessage> messages = new ArrayList<>();
        long[] uids = new long[FOLDERS.size()];
        for (int i = 0; i < count; i++) {
            int folder = random.nextInt(FOLDERS.size());
            uids[folder] += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0);
            byte[] content = message(random, i).getBytes(StandardCharsets.UTF_8);
            Instant arrival = BASE.plusSeconds(random.nextInt(6) * 86_400L + random.nextInt(3) * 3_600L
                + random.nextInt(4)).plusMillis(i);
            Date saved = random.nextInt(4) == 0 ? null : Date.from(arrival.plusSeconds(random.nextInt(90_000)));
            messages.add(stored(FOLDERS.get(folder), uids[folder], arrival, saved, content));
        }
        return messages;
    }

    /** A random word of the {@link #oversized} message, and a run of its Han characters. */
    static final String OVERSIZED_WORD = "qzvwkxjplm";
    static final String OVERSIZED_HAN = "\u4e00\u4e01\u4e02\u4e03";

    /**
     * A message too large for the PostgreSQL prefilters (about 1 MB of distinct random words and 300,000 random Han
     * characters: its trigrams and its words do not fit a tsvector), found by its text alone.
     */
    static MailboxMessage oversized(MailboxId folder, long uid) {
        Random random = new Random(5);
        StringBuilder body = new StringBuilder("Subject: oversized\r\n\r\n");
        for (int i = 0; i < 100_000; i++) {
            for (int c = 0; c < 10; c++) {
                body.append((char) ('a' + random.nextInt(26)));
            }
            body.append(i == 50_000 ? " " + OVERSIZED_WORD + " " : " ");
        }
        for (int i = 0; i < 300_000; i++) {
            body.appendCodePoint(i == 150_000 ? 0x4e00 : 0x4e00 + random.nextInt(20_000));
            if (i == 150_000) {
                body.append(OVERSIZED_HAN.substring(1));
            }
        }
        return stored(folder, uid, BASE, null, body.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    }

    static MailboxMessage stored(MailboxId folder, long uid, Instant arrival, Date saved, byte[] content) {
        int bodyStart = bodyStart(content);
        return SimpleMailboxMessage.builder()
            .messageId(new DefaultMessageId())
            .threadId(ThreadId.fromBaseMessageId(new DefaultMessageId()))
            .mailboxId(folder)
            .uid(MessageUid.of(uid))
            .internalDate(Date.from(arrival))
            .saveDate(java.util.Optional.ofNullable(saved))
            .size(content.length)
            .bodyStartOctet(bodyStart)
            .content(new ByteContent(content))
            .flags(new Flags())
            .properties(new PropertyBuilder())
            .build();
    }

    private static int bodyStart(byte[] content) {
        for (int i = 0; i + 3 < content.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '\r' && content[i + 3] == '\n') {
                return i + 4;
            }
        }
        return content.length;
    }

    private static String message(Random random, int i) {
        StringBuilder headers = new StringBuilder();
        headers.append("From: ").append(addresses(random, 1)).append("\r\n");
        if (random.nextInt(6) != 0) {
            headers.append("To: ").append(addresses(random, 1 + random.nextInt(3))).append("\r\n");
        }
        if (random.nextInt(3) == 0) {
            headers.append("Cc: ").append(addresses(random, 1 + random.nextInt(2))).append("\r\n");
        }
        if (random.nextInt(5) == 0) {
            headers.append("Bcc: ").append(addresses(random, 1)).append("\r\n");
            headers.append("Bcc: ").append(addresses(random, 1)).append("\r\n");
        }
        int subjectKind = random.nextInt(5);
        if (subjectKind == 1) {
            headers.append("Subject: =?UTF-8?B?").append(Base64.getEncoder().encodeToString(
                ("Re: " + words(random, 3)).getBytes(StandardCharsets.UTF_8))).append("?=\r\n");
        } else if (subjectKind != 0) {
            headers.append("Subject: ").append(subjectKind == 2 ? "Fwd: " : "").append(words(random, 1 + random.nextInt(4)))
                .append(" #").append(i).append("\r\n");
        }
        int dateKind = random.nextInt(6);
        if (dateKind == 0) {
            headers.append("Date: not a date at all\r\n");
        } else if (dateKind != 1) {
            ZonedDateTime sent = BASE.atZone(ZoneOffset.UTC).plusHours(random.nextInt(24 * 6))
                .withZoneSameInstant(ZoneOffset.of(ZONES[random.nextInt(ZONES.length)]));
            headers.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US).format(sent)).append("\r\n");
        }
        headers.append("Message-ID: <m").append(i).append("@example.com>\r\n");
        if (random.nextBoolean()) {
            headers.append("X-Cpm-Tag: ").append(words(random, 2)).append("\r\n");
        }
        String text = words(random, 3 + random.nextInt(25));
        switch (random.nextInt(5)) {
            case 0:
                return headers + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\r\n";
            case 1:
                return headers + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                    + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n--b1\r\n"
                    + "Content-Type: text/html; charset=UTF-8\r\n\r\n<p>" + words(random, 3) + "</p>\r\n--b1--\r\n";
            case 2:
                return headers + "Content-Type: message/cpim\r\n\r\nFrom: <sip:anonymous@anonymous.invalid>\r\n"
                    + "NS: imdn <urn:ietf:params:imdn>\r\n\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
            case 3:
                return headers + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                    + text.replace("é", "=C3=A9").replace("ü", "=C3=BC") + "\r\n";
            default:
                return headers + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
        }
    }

    private static String addresses(Random random, int count) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String local = random.nextBoolean() ? "alice" : WORDS[random.nextInt(7)].replaceAll("[^A-Za-z]", "") + i;
            String address = (local.isEmpty() ? "u" : local) + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            list.add(name.isEmpty() ? address : name + " <" + address + ">");
        }
        return String.join(", ", list);
    }

    static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(random.nextInt(8) == 0 ? ", " : " ");
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}

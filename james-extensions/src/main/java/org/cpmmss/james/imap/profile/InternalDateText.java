package org.cpmmss.james.imap.profile;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;

import org.apache.james.imap.encode.EncoderUtils;

/**
 * INTERNALDATE as James writes it ({@link EncoderUtils#encodeDateTime}: {@code dd-MMM-yyyy HH:mm:ss Z} in GMT,
 * English month names, e.g. {@code 07-Dec-2026 01:02:03 +0000}), without its per-call time-zone copy, formatter
 * look-up and calendar: a fifth of the header pass's CPU on a 10,000-message folder went to that call
 * (docs/benchmarks.md "Twenty-first session"). Dates outside the years 1900-9999 are left to James's own formatter
 * (its calendar is Julian before 1582, and its year padding is its own).
 */
final class InternalDateText {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final long FIRST_MILLIS = LocalDateTime.of(1900, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final long END_MILLIS = LocalDateTime.of(10000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

    private InternalDateText() {
    }

    static String of(Date date) {
        long millis = date.getTime();
        if (millis < FIRST_MILLIS || millis >= END_MILLIS) {
            return EncoderUtils.encodeDateTime(date);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), 0, ZoneOffset.UTC);
        char[] text = new char[26];
        two(text, 0, t.getDayOfMonth());
        text[2] = '-';
        MONTHS[t.getMonthValue() - 1].getChars(0, 3, text, 3);
        text[6] = '-';
        int year = t.getYear();
        two(text, 7, year / 100);
        two(text, 9, year % 100);
        text[11] = ' ';
        two(text, 12, t.getHour());
        text[14] = ':';
        two(text, 15, t.getMinute());
        text[17] = ':';
        two(text, 18, t.getSecond());
        " +0000".getChars(0, 6, text, 20);
        return new String(text);
    }

    private static void two(char[] text, int at, int value) {
        text[at] = (char) ('0' + value / 10);
        text[at + 1] = (char) ('0' + value % 10);
    }
}

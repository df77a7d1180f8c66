package org.cpmmss.cpm;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Date formats of the CPM objects: liberal in what is accepted, strict in what is written. */
public final class CpmDates {
    private static final Pattern COMPACT_OFFSET = Pattern.compile("^(.*T.*[0-9])([+-])([0-9]{2})([0-9]{2})$");
    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final int MAX_LENGTH = 64;

    private CpmDates() {
    }

    /**
     * Parses an RFC 3339 date-time ({@code 2016-03-25T10:45:40+01:00}, {@code …Z}, fractions, lower-case
     * {@code t}/{@code z}) and the compact offset form {@code 2016-03-25T10:45:40+0100} seen in RCS traffic.
     */
    public static OffsetDateTime parseDateTime(String value) throws CpmFormatException {
        if (value == null) {
            throw new CpmFormatException("date-time is missing");
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            throw new CpmFormatException("not an RFC 3339 date-time: \"" + shorten(value) + "\"");
        }
        v = v.toUpperCase(Locale.ROOT);
        Matcher m = COMPACT_OFFSET.matcher(v);
        if (m.matches()) {
            v = m.group(1) + m.group(2) + m.group(3) + ":" + m.group(4);
        }
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new CpmFormatException("not an RFC 3339 date-time: \"" + shorten(value) + "\"", e);
        }
    }

    /** Writes RFC 3339 ({@code 2016-03-25T10:45:40+01:00}, {@code Z} for UTC). */
    public static String formatDateTime(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    /** Parses an RFC 5322 {@code Date} header (day name optional, comments and extra spaces tolerated). */
    public static OffsetDateTime parseMailDate(String value) throws CpmFormatException {
        if (value == null) {
            throw new CpmFormatException("Date is missing");
        }
        String v = value.trim().replaceAll("\\s*\\([^)]*\\)\\s*$", "").replaceAll("\\s+", " ");
        if (v.isEmpty() || v.length() > MAX_LENGTH * 2) {
            throw new CpmFormatException("not an RFC 5322 date: \"" + shorten(value) + "\"");
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime();
        } catch (DateTimeException e) {
            throw new CpmFormatException("not an RFC 5322 date: \"" + shorten(value) + "\"", e);
        }
    }

    /** Writes an RFC 5322 date, e.g. {@code Thu, 11 Feb 2016 14:00:49 +0100}. */
    public static String formatMailDate(OffsetDateTime t) {
        return RFC_5322.format(t);
    }

    private static String shorten(String s) {
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "…" : s;
    }
}

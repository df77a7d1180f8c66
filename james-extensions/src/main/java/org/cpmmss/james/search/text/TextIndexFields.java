package org.cpmmss.james.search.text;

import java.util.Locale;

/**
 * Field names of the text index. The folder, UID and arrival fields have the names and encodings of James's
 * Lucene index, so the HTTP search's collectors read either. A copy document (one per message copy) has every field
 * but {@link #BODY}, {@link #WORDS}, {@link #BODY_KEY} and {@link #BODY_NO}, which only body documents (one per
 * distinct body text) have; a copy names its body document in {@link #BODY_REF}.
 */
public final class TextIndexFields {
    /** Unique key: upper-cased mailbox id, "-", UID. */
    public static final String ID = "id";
    public static final String MAILBOX_ID = "mailboxid";
    public static final String UID = "uid";
    public static final String ARRIVAL_MS = "internaldateMillisecondResolution";
    public static final String ARRIVAL_SECOND = "internaldateSecondResolution";
    /** Body document: the key of its text ({@link TextDocuments#bodyDigest}), unique among body documents. */
    public static final String BODY_KEY = "body.key";
    /** Body document: its number (decimal, stored), allocated in order, never reused while the document lives. */
    public static final String BODY_NO = "body.no";
    /** Copy document: the number of the body document holding its body text (decimal, stored). */
    public static final String BODY_REF = "body.ref";
    /** The layout document: the index's layout version ({@link LuceneTextIndex#LAYOUT}). */
    public static final String LAYOUT = "layout";
    /** Body document: trigrams of the decoded body text (BODY). */
    public static final String BODY = "text.body";
    /**
     * Trigrams of the decoded header section (TEXT is BODY or HEADERS; the candidates of SUBJECT and HEADER name
     * value). Indexes written before 2026-12-07 also have a field per header name ("text.h." and the lower-cased
     * name, with positions), no longer read: those documents go as their messages are expunged.
     */
    public static final String HEADERS = "text.headers";
    /** Body document: words of the body text, for the HTTP history search. */
    public static final String WORDS = "words";
    /** The Date header's calendar day as written, yyyyMMdd. */
    public static final String SENT_DAY = "sentday";
    public static final String SORT_SUBJECT = "sort.subject";
    public static final String SORT_FROM = "sort.from";
    public static final String SORT_TO = "sort.to";
    public static final String SORT_CC = "sort.cc";
    public static final String SORT_DATE = "sort.date";
    public static final String SORT_ARRIVAL = "sort.arrival";
    public static final String SORT_SIZE = "sort.size";
    /** The message's size in octets, numeric (LARGER, SMALLER). */
    public static final String SIZE = "size";
    /** The save date, millisecond resolution as {@code DateTools} writes it (SAVEDBEFORE, SAVEDON, SAVEDSINCE). */
    public static final String SAVE_MS = "savedateMillisecondResolution";
    /** The lower-cased name of every top-level header field (HEADER name "": existence). */
    public static final String HEADER_NAMES = "headernames";
    /** The folder of a mark document: the search indexer's "indexed up to" UID of that folder. */
    public static final String MARK_OF = "mark.of";
    /** The mark's UID, stored. */
    public static final String MARK_UID = "mark.uid";

    private TextIndexFields() {
    }

    /** Trigrams of an address header's {@link AddressText#searchable()} (FROM, TO, CC, BCC). */
    public static String address(String name) {
        return "text.a." + name.toLowerCase(Locale.ROOT);
    }
}

package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.encode.FetchResponseEncoder;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.message.response.FetchResponse;

/**
 * Writes a FETCH response with its items in request order (UID first for UID FETCH, then the items the client
 * named, then the ones the server adds: FLAGS, MODSEQ, …). Each item is written by James's own
 * {@link FetchResponseEncoder}, one single-item response at a time, into a line framed here.
 */
final class OrderedFetchEncoder {
    private static final String ELEMENT = "ELEMENT";
    private static final byte[] INTERNALDATE = "INTERNALDATE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] RFC822_SIZE = "RFC822.SIZE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The items of a response other than its body elements, by slot. */
    private static final String[] NAMES = {"UID", "FLAGS", "MODSEQ", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY",
        "BODYSTRUCTURE", "EMAILID", "THREADID", "SAVEDATE"};
    private static final int UID = 0;
    private static final int FLAGS = 1;
    private static final int MODSEQ = 2;
    private static final int INTERNAL_DATE = 3;
    private static final int SIZE = 4;
    private static final int ENVELOPE = 5;
    private static final int BODY = 6;
    private static final int BODYSTRUCTURE = 7;
    private static final int EMAILID = 8;
    private static final int THREADID = 9;
    private static final int SAVEDATE = 10;
    private static final int ELEMENT_SLOT = -2;
    /** Order of items the client did not name: UID, FLAGS, MODSEQ, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY,
     *  BODYSTRUCTURE, the body elements, EMAILID, THREADID, SAVEDATE. */
    private static final int[] EXTRAS_ORDER = {UID, FLAGS, MODSEQ, INTERNAL_DATE, SIZE, ENVELOPE, BODY, BODYSTRUCTURE,
        ELEMENT_SLOT, EMAILID, THREADID, SAVEDATE};

    private final FetchResponseEncoder items = new FetchResponseEncoder();

    void encode(OrderedFetchResponse ordered, ImapResponseComposer composer) throws IOException {
        FetchResponse response = ordered.response();
        if (plain(response)) {
            encodePlain(ordered, response, composer);
            return;
        }
        encodeItemByItem(ordered, composer);
    }

    /** Each item as a single-item response through James's encoder (every response shape; the plain ones' reference). */
    void encodeItemByItem(OrderedFetchResponse ordered, ImapResponseComposer composer) throws IOException {
        FetchResponse response = ordered.response();
        // one slot per item the response carries (no per-response map of item names), the elements in their order
        FetchResponse[] parts = parts(response);
        List<FetchResponse.BodyElement> elements = response.getElements() == null ? List.of() : response.getElements();
        int nextElement = 0;
        List<FetchResponse> sequence = new ArrayList<>(8);
        if (ordered.uidFirst()) {
            take(parts, UID, sequence);
        }
        for (String item : ordered.requested()) {
            int slot = slotOf(item);
            if (slot == ELEMENT_SLOT) {
                if (nextElement < elements.size()) {
                    sequence.add(element(response, elements.get(nextElement++)));
                }
            } else if (slot >= 0) {
                take(parts, slot, sequence);
            }
        }
        for (int slot : EXTRAS_ORDER) {
            if (slot == ELEMENT_SLOT) {
                while (nextElement < elements.size()) {
                    sequence.add(element(response, elements.get(nextElement++)));
                }
            } else {
                take(parts, slot, sequence);
            }
        }
        composer.untagged().message(response.getMessageNumber().asInt())
            .message(ImapConstants.FETCH_COMMAND.getNameAsBytes()).openParen();
        for (FetchResponse part : sequence) {
            if (part.getInternalDate() != null) {
                // the same bytes as James's encoder, without its costly date formatting (InternalDateText)
                composer.message(INTERNALDATE).quote(InternalDateText.of(part.getInternalDate()));
            } else {
                items.encode(part, new ItemComposer(composer));
            }
        }
        composer.closeParen().end();
    }

    /**
     * Whether the response carries only UID, FLAGS, MODSEQ, INTERNALDATE, RFC822.SIZE and body elements (the sync's
     * FETCH answers and flag updates): those are written straight into the line ({@link #encodePlain}).
     */
    private static boolean plain(FetchResponse r) {
        return r.getEnvelope() == null && r.getBody() == null && r.getBodyStructure() == null && r.getEmailId() == null
            && r.getThreadId() == null && r.getSaveDate() == null;
    }

    /**
     * The bytes {@link #encode} writes through single-item responses and James's encoder, written item by item
     * directly (no response object, item composer or list per item): the same order (UID first when asked, the
     * requested items, then the others in {@link #EXTRAS_ORDER}), each item as James's {@link FetchResponseEncoder}
     * writes it, literals as {@link ItemComposer#literal} does.
     */
    private void encodePlain(OrderedFetchResponse ordered, FetchResponse response, ImapResponseComposer composer)
        throws IOException {
        List<FetchResponse.BodyElement> elements = response.getElements() == null ? List.of() : response.getElements();
        boolean[] left = new boolean[NAMES.length];
        left[UID] = response.getUid() != null;
        left[FLAGS] = response.getFlags() != null;
        left[MODSEQ] = response.getModSeq() != null;
        left[INTERNAL_DATE] = response.getInternalDate() != null;
        left[SIZE] = response.getSize() != null;
        int nextElement = 0;
        composer.untagged().message(response.getMessageNumber().asInt())
            .message(ImapConstants.FETCH_COMMAND.getNameAsBytes()).openParen();
        if (ordered.uidFirst()) {
            item(response, UID, left, composer);
        }
        for (int slot : slots(ordered.requested())) {
            if (slot == ELEMENT_SLOT) {
                if (nextElement < elements.size()) {
                    element(elements.get(nextElement++), composer);
                }
            } else if (slot >= 0) {
                item(response, slot, left, composer);
            }
        }
        for (int slot : EXTRAS_ORDER) {
            if (slot == ELEMENT_SLOT) {
                while (nextElement < elements.size()) {
                    element(elements.get(nextElement++), composer);
                }
            } else if (slot < ENVELOPE) {
                item(response, slot, left, composer);
            }
        }
        composer.closeParen().end();
    }

    /** One of UID, FLAGS, MODSEQ, INTERNALDATE, RFC822.SIZE, once, if the response carries it. */
    private static void item(FetchResponse r, int slot, boolean[] left, ImapResponseComposer composer)
        throws IOException {
        if (slot >= ENVELOPE || !left[slot]) {
            return;
        }
        left[slot] = false;
        switch (slot) {
            case UID -> composer.message(ImapConstants.UID).message(r.getUid().asLong());
            case FLAGS -> composer.flags(r.getFlags());
            case MODSEQ -> {
                composer.message(ImapConstants.FETCH_MODSEQ);
                composer.openParen();
                composer.skipNextSpace();
                composer.message(r.getModSeq().asLong());
                composer.closeParen();
            }
            // the same bytes as James's encoder, without its costly date formatting (InternalDateText)
            case INTERNAL_DATE -> composer.message(INTERNALDATE).quote(InternalDateText.of(r.getInternalDate()));
            default -> composer.message(RFC822_SIZE).message(r.getSize().intValue());
        }
    }

    private static void element(FetchResponse.BodyElement element, ImapResponseComposer composer) throws IOException {
        composer.message(element.getName());
        ItemComposer.literal(composer, element);
    }

    /** The requested items' slots, worked out once per request (every response of a command shares its list). */
    private int[] slots(List<String> requested) {
        RequestedSlots known = lastSlots;
        if (known != null && known.requested == requested) {
            return known.slots;
        }
        int[] slots = new int[requested.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = slotOf(requested.get(i));
        }
        lastSlots = new RequestedSlots(requested, slots);
        return slots;
    }

    /** The slots of the last request seen (the encoder is shared: a race only computes them again). */
    private volatile RequestedSlots lastSlots;

    private record RequestedSlots(List<String> requested, int[] slots) {
    }

    private static void take(FetchResponse[] parts, int slot, List<FetchResponse> sequence) {
        if (parts[slot] != null) {
            sequence.add(parts[slot]);
            parts[slot] = null;
        }
    }

    /** The slot of a requested item's name ({@link #keyOf}), or -1 for a name no response part carries. */
    private static int slotOf(String item) {
        String key = keyOf(item);
        if (key.equals(ELEMENT)) {
            return ELEMENT_SLOT;
        }
        for (int slot = 0; slot < NAMES.length; slot++) {
            if (NAMES[slot].equals(key)) {
                return slot;
            }
        }
        return -1;
    }

    static String keyOf(String item) {
        if (item.startsWith("BODY[") || item.startsWith("BODY.PEEK[") || item.startsWith("BINARY")
            || item.equals("RFC822") || item.equals("RFC822.HEADER") || item.equals("RFC822.TEXT")) {
            return ELEMENT;
        }
        return item;
    }

    private static FetchResponse[] parts(FetchResponse r) {
        FetchResponse[] parts = new FetchResponse[NAMES.length];
        if (r.getUid() != null) {
            parts[UID] = new FetchResponse(r.getMessageNumber(), null, r.getUid(), null, null, null, null, null, null, null, null, null, null);
        }
        if (r.getFlags() != null) {
            parts[FLAGS] = new FetchResponse(r.getMessageNumber(), r.getFlags(), null, null, null, null, null, null, null, null, null, null, null);
        }
        if (r.getModSeq() != null) {
            parts[MODSEQ] = new FetchResponse(r.getMessageNumber(), null, null, null, r.getModSeq(), null, null, null, null, null, null, null, null);
        }
        if (r.getInternalDate() != null) {
            parts[INTERNAL_DATE] = new FetchResponse(r.getMessageNumber(), null, null, null, null, r.getInternalDate(), null, null, null, null, null, null, null);
        }
        if (r.getSize() != null) {
            parts[SIZE] = new FetchResponse(r.getMessageNumber(), null, null, null, null, null, r.getSize(), null, null, null, null, null, null);
        }
        if (r.getEnvelope() != null) {
            parts[ENVELOPE] = new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, r.getEnvelope(), null, null, null, null, null);
        }
        if (r.getBody() != null) {
            parts[BODY] = new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, r.getBody(), null, null, null, null);
        }
        if (r.getBodyStructure() != null) {
            parts[BODYSTRUCTURE] = new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, r.getBodyStructure(), null, null, null);
        }
        if (r.getEmailId() != null) {
            parts[EMAILID] = new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, null, null, r.getEmailId(), null);
        }
        if (r.getThreadId() != null) {
            parts[THREADID] = new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, null, null, null, r.getThreadId());
        }
        if (r.getSaveDate() != null) {
            parts[SAVEDATE] = new FetchResponse(r.getMessageNumber(), null, null, r.getSaveDate(), null, null, null, null, null, null, null, null, null);
        }
        return parts;
    }

    private static FetchResponse element(FetchResponse r, FetchResponse.BodyElement element) {
        return new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, null, List.of(element), null, null);
    }
}

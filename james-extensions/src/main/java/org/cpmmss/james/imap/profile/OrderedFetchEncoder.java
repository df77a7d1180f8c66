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

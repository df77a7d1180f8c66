package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    /** Order of items the client did not name. */
    private static final List<String> EXTRAS_ORDER = List.of("UID", "FLAGS", "MODSEQ", "INTERNALDATE", "RFC822.SIZE",
        "ENVELOPE", "BODY", "BODYSTRUCTURE", ELEMENT, "EMAILID", "THREADID", "SAVEDATE");

    private final FetchResponseEncoder items = new FetchResponseEncoder();

    void encode(OrderedFetchResponse ordered, ImapResponseComposer composer) throws IOException {
        FetchResponse response = ordered.response();
        Map<String, FetchResponse> parts = parts(response);
        List<FetchResponse> elements = elements(response);
        List<FetchResponse> sequence = new ArrayList<>();
        if (ordered.uidFirst() && parts.containsKey("UID")) {
            sequence.add(parts.remove("UID"));
        }
        for (String item : ordered.requested()) {
            String key = keyOf(item);
            if (key.equals(ELEMENT)) {
                if (!elements.isEmpty()) {
                    sequence.add(elements.remove(0));
                }
            } else if (parts.containsKey(key)) {
                sequence.add(parts.remove(key));
            }
        }
        for (String key : EXTRAS_ORDER) {
            if (key.equals(ELEMENT)) {
                sequence.addAll(elements);
                elements.clear();
            } else if (parts.containsKey(key)) {
                sequence.add(parts.remove(key));
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

    static String keyOf(String item) {
        if (item.startsWith("BODY[") || item.startsWith("BODY.PEEK[") || item.startsWith("BINARY")
            || item.equals("RFC822") || item.equals("RFC822.HEADER") || item.equals("RFC822.TEXT")) {
            return ELEMENT;
        }
        return item;
    }

    private static Map<String, FetchResponse> parts(FetchResponse r) {
        Map<String, FetchResponse> parts = new LinkedHashMap<>();
        if (r.getUid() != null) {
            parts.put("UID", new FetchResponse(r.getMessageNumber(), null, r.getUid(), null, null, null, null, null, null, null, null, null, null));
        }
        if (r.getFlags() != null) {
            parts.put("FLAGS", new FetchResponse(r.getMessageNumber(), r.getFlags(), null, null, null, null, null, null, null, null, null, null, null));
        }
        if (r.getModSeq() != null) {
            parts.put("MODSEQ", new FetchResponse(r.getMessageNumber(), null, null, null, r.getModSeq(), null, null, null, null, null, null, null, null));
        }
        if (r.getInternalDate() != null) {
            parts.put("INTERNALDATE", new FetchResponse(r.getMessageNumber(), null, null, null, null, r.getInternalDate(), null, null, null, null, null, null, null));
        }
        if (r.getSize() != null) {
            parts.put("RFC822.SIZE", new FetchResponse(r.getMessageNumber(), null, null, null, null, null, r.getSize(), null, null, null, null, null, null));
        }
        if (r.getEnvelope() != null) {
            parts.put("ENVELOPE", new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, r.getEnvelope(), null, null, null, null, null));
        }
        if (r.getBody() != null) {
            parts.put("BODY", new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, r.getBody(), null, null, null, null));
        }
        if (r.getBodyStructure() != null) {
            parts.put("BODYSTRUCTURE", new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, r.getBodyStructure(), null, null, null));
        }
        if (r.getEmailId() != null) {
            parts.put("EMAILID", new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, null, null, r.getEmailId(), null));
        }
        if (r.getThreadId() != null) {
            parts.put("THREADID", new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, null, null, null, r.getThreadId()));
        }
        if (r.getSaveDate() != null) {
            parts.put("SAVEDATE", new FetchResponse(r.getMessageNumber(), null, null, r.getSaveDate(), null, null, null, null, null, null, null, null, null));
        }
        return parts;
    }

    private static List<FetchResponse> elements(FetchResponse r) {
        List<FetchResponse> elements = new ArrayList<>();
        if (r.getElements() != null) {
            for (FetchResponse.BodyElement element : r.getElements()) {
                elements.add(new FetchResponse(r.getMessageNumber(), null, null, null, null, null, null, null, null, null, List.of(element), null, null));
            }
        }
        return elements;
    }
}

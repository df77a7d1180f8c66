package org.cpmmss.james.imap.conformance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;

/**
 * Responder of a FETCH that corrects two things James's response builder gets wrong: ENVELOPE personal names
 * given as comments ({@link CommentPersonalNames}, from the address fields James is asked for next to the ENVELOPE,
 * see {@link #forJames}) and body sections involving {@code message/rfc822} parts ({@link EmbeddedMessageSections},
 * from the stored message, read again only for messages whose BODYSTRUCTURE shows such a part on the path, see
 * {@link SectionProbes}). Everything else in the answer is James's. When the FETCH also asks for BODY (which James
 * leaves out once a section is asked for), nothing is added to the request and the stored message is read again
 * when needed.
 */
final class FetchCorrections implements Responder {
    /** The address fields of the header, asked of James next to ENVELOPE and taken out of the answer. */
    private static final BodyFetchElement ADDRESS_FIELDS = new BodyFetchElement(
        "BODY[HEADER.FIELDS (FROM SENDER REPLY-TO TO CC BCC X-CPM-ENVELOPE-NAMES)]", SectionType.HEADER_FIELDS, null,
        List.of("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "X-Cpm-Envelope-Names"), null, null);

    private final Responder delegate;
    private final ImapSession session;
    private final List<BodyFetchElement> elements;
    private final boolean sections;
    private final boolean envelope;
    private final boolean probed;
    private final boolean bodyStructure;

    private FetchCorrections(Responder delegate, ImapSession session, FetchData fetch, boolean sections, boolean probed) {
        this.delegate = delegate;
        this.session = session;
        this.elements = new ArrayList<>(fetch.getBodyElements());
        this.sections = sections;
        this.envelope = fetch.contains(FetchData.Item.ENVELOPE);
        this.probed = probed;
        this.bodyStructure = fetch.contains(FetchData.Item.BODY_STRUCTURE);
    }

    /**
     * The request James is given: with ENVELOPE, the address fields as sent are asked for too (James reads the
     * header for it anyway: no second read), with numbered sections the BODYSTRUCTURE ({@link SectionProbes});
     * not when BODY is asked for, as James leaves out the BODY structure once any section is asked for.
     */
    static FetchRequest forJames(FetchRequest request) {
        FetchData fetch = request.getFetch();
        boolean addresses = fetch.contains(FetchData.Item.ENVELOPE);
        boolean whole = fetch.getBodyElements().stream().anyMatch(EmbeddedMessageSections::mayNeedCorrection);
        if ((!addresses && !whole) || fetch.contains(FetchData.Item.BODY)) {
            return request;
        }
        FetchData.Builder probed = FetchDataCopies.itemsOf(fetch);
        fetch.getBodyElements().forEach(element -> probed.add(element, !fetch.isSetSeen()));
        if (addresses) {
            probed.add(ADDRESS_FIELDS, true);
        }
        if (whole) {
            probed.fetch(FetchData.Item.BODY_STRUCTURE);
        }
        return new FetchRequest(request.isUseUids(), request.getIdSet(), probed.build(), request.getTag());
    }

    static Responder wrap(Responder responder, FetchRequest request, FetchRequest toJames, ImapSession session) {
        FetchData fetch = request.getFetch();
        boolean sections = fetch.getBodyElements().stream().anyMatch(EmbeddedMessageSections::mayNeedCorrection);
        if (!sections && !fetch.contains(FetchData.Item.ENVELOPE)) {
            return responder;
        }
        return new FetchCorrections(responder, session, fetch, sections, toJames != request);
    }

    @Override
    public void respond(ImapResponseMessage message) {
        delegate.respond(message instanceof FetchResponse ? corrected((FetchResponse) message) : message);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    private FetchResponse corrected(FetchResponse james) {
        Optional<byte[]> addressFields = Optional.empty();
        FetchResponse.Structure structure = james.getBodyStructure();
        FetchResponse response = james;
        if (probed && james.getElements() != null) {
            List<FetchResponse.BodyElement> asked = new ArrayList<>();
            for (FetchResponse.BodyElement element : james.getElements()) {
                if (element.getName().equals(ADDRESS_FIELDS.getResponseName())) {
                    addressFields = read(element);
                } else {
                    asked.add(element);
                }
            }
            response = withElements(james, james.getEnvelope(), asked);
        }
        if (probed && sections && !bodyStructure) {
            response = withoutBodyStructure(response);
        }
        boolean envelopeWrong = envelope && response.getEnvelope() != null
            && CommentPersonalNames.mayNeedCorrection(response.getEnvelope());
        boolean sectionsAnswered = sections && response.getElements() != null && response.getElements().size() == elements.size()
            && (!probed || elements.stream().anyMatch(element -> EmbeddedMessageSections.mayNeedCorrection(element)
                && SectionProbes.involvesMessage(element, structure)));
        if (!envelopeWrong && !sectionsAnswered) {
            return response;
        }
        boolean readAgain = sectionsAnswered || (envelopeWrong && addressFields.isEmpty());
        Optional<byte[]> stored = readAgain ? stored(response, sectionsAnswered) : Optional.empty();
        FetchResponse.Envelope correctedEnvelope = response.getEnvelope();
        Optional<byte[]> header = addressFields.isPresent() ? addressFields : stored;
        if (envelopeWrong && header.isPresent()) {
            byte[] bytes = header.get();
            correctedEnvelope = new CommentPersonalNames(HeaderFields.parse(bytes, 0, bytes.length)).correct(correctedEnvelope);
        }
        List<FetchResponse.BodyElement> correctedElements = response.getElements();
        if (sectionsAnswered && stored.isPresent()) {
            correctedElements = sections(response.getElements(), new EmbeddedMessageSections(stored.get()));
        }
        return withElements(response, correctedEnvelope, correctedElements);
    }

    private static FetchResponse withElements(FetchResponse r, FetchResponse.Envelope envelope, List<FetchResponse.BodyElement> elements) {
        return new FetchResponse(r.getMessageNumber(), r.getFlags(), r.getUid(), r.getSaveDate(), r.getModSeq(),
            r.getInternalDate(), r.getSize(), envelope, r.getBody(), r.getBodyStructure(), elements, r.getEmailId(), r.getThreadId());
    }

    private static FetchResponse withoutBodyStructure(FetchResponse r) {
        return new FetchResponse(r.getMessageNumber(), r.getFlags(), r.getUid(), r.getSaveDate(), r.getModSeq(),
            r.getInternalDate(), r.getSize(), r.getEnvelope(), r.getBody(), null, r.getElements(), r.getEmailId(), r.getThreadId());
    }

    private static Optional<byte[]> read(FetchResponse.BodyElement element) {
        try (InputStream in = element.getInputStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<FetchResponse.BodyElement> sections(List<FetchResponse.BodyElement> james, EmbeddedMessageSections message) {
        List<FetchResponse.BodyElement> corrected = new ArrayList<>(james.size());
        for (int i = 0; i < james.size(); i++) {
            BodyFetchElement requested = elements.get(i);
            FetchResponse.BodyElement answered = james.get(i);
            Optional<byte[]> content = EmbeddedMessageSections.mayNeedCorrection(requested) ? message.content(requested) : Optional.empty();
            corrected.add(content.<FetchResponse.BodyElement>map(bytes -> new SectionElement(answered.getName(),
                partial(bytes, requested.getFirstOctet(), requested.getNumberOfOctets()))).orElse(answered));
        }
        return corrected;
    }

    private static byte[] partial(byte[] bytes, Long firstOctet, Long numberOfOctets) {
        if (firstOctet == null) {
            return bytes;
        }
        int from = (int) Math.min(bytes.length, firstOctet);
        int to = numberOfOctets == null ? bytes.length : (int) Math.min(bytes.length, from + numberOfOctets);
        byte[] slice = new byte[to - from];
        System.arraycopy(bytes, from, slice, 0, slice.length);
        return slice;
    }

    /** The stored message (whole, or its header only when only the envelope needs it). */
    private Optional<byte[]> stored(FetchResponse response, boolean whole) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return Optional.empty();
        }
        MessageUid uid = response.getUid() != null ? response.getUid() : selected.uid(response.getMessageNumber().asInt()).orElse(null);
        if (uid == null) {
            return Optional.empty();
        }
        try {
            MessageResultIterator results = selected.getMessageManager()
                .getMessages(MessageRange.one(uid), whole ? FetchGroup.FULL_CONTENT : FetchGroup.HEADERS, session.getMailboxSession());
            if (!results.hasNext()) {
                return Optional.empty();
            }
            MessageResult result = results.next();
            try (InputStream in = whole ? result.getFullContent().getInputStream() : result.getHeaders().getInputStream()) {
                return Optional.of(in.readAllBytes());
            }
        } catch (MailboxException | IOException e) {
            return Optional.empty();
        }
    }

    /** A corrected body section, under the name James gave it. */
    private static final class SectionElement implements FetchResponse.BodyElement {
        private final String name;
        private final byte[] content;

        SectionElement(String name, byte[] content) {
            this.name = name;
            this.content = content;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
        }
    }
}

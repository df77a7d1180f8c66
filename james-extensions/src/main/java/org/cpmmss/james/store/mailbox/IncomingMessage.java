package org.cpmmss.james.store.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.HeaderImpl;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.cpmmss.james.store.api.MimeProperty;
import org.cpmmss.james.store.api.MimeSummary;

/**
 * A message handed to the native store's append, read once: its bytes, where its header ends (the store keeps the
 * header apart so that a header fetch reads only the header), its MIME summary (what BODYSTRUCTURE, BODY and the
 * text line count of a {@code text/*} message are answered from later) and its header fields (for the thread guess).
 * The values are those James's own append gives the same bytes: the header ends after the first empty CRLF line (a
 * message without one is all body), the summary comes from mime4j's body descriptor of the top-level entity (a
 * message without Content-Type is {@code text/plain}; a text one without a charset is {@code us-ascii}) and a text
 * message's line count is the number of CRs of its body as mime4j delimits it.
 */
final class IncomingMessage {
    private static final LenientFieldParser FIELDS = new LenientFieldParser();
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final byte[] bytes;
    private final int headerLength;
    private final MimeSummary summary;
    private final HeaderImpl header;

    private IncomingMessage(byte[] bytes, int headerLength, MimeSummary summary, HeaderImpl header) {
        this.bytes = bytes;
        this.headerLength = headerLength;
        this.summary = summary;
        this.header = header;
    }

    /** Reads {@code bytes} (kept, not copied: the caller hands them over). */
    static IncomingMessage of(byte[] bytes) throws MailboxException {
        MimeTokenStream entity = new MimeTokenStream(MimeConfig.PERMISSIVE,
            new DefaultBodyDescriptorBuilder(null, FIELDS, DecodeMonitor.SILENT));
        entity.setRecursionMode(RecursionMode.M_NO_RECURSE);
        entity.parse(new ByteArrayInputStream(bytes));
        try {
            HeaderImpl header = new HeaderImpl();
            EntityState state = entity.next();
            while (!pastHeader(state)) {
                if (state == EntityState.T_FIELD) {
                    header.addField(entity.getField());
                }
                state = entity.next();
            }
            MaximalBodyDescriptor descriptor = (MaximalBodyDescriptor) entity.getBodyDescriptor();
            String mediaType = descriptor.getMediaType() == null ? "text" : descriptor.getMediaType();
            String subType = descriptor.getMediaType() == null ? "plain" : descriptor.getSubType();
            boolean text = "text".equalsIgnoreCase(mediaType);
            Long lines = !text ? null
                : state == EntityState.T_BODY ? Long.valueOf(carriageReturns(entity.getInputStream())) : Long.valueOf(0);
            return new IncomingMessage(bytes, headerEnd(bytes),
                summary(descriptor, mediaType, subType, text, lines), header);
        } catch (IOException | MimeException e) {
            throw new MailboxException("Unable to parse message", e);
        }
    }

    /** The header's fields have all been read: the body (or the first part of a multipart body) or the end is next. */
    private static boolean pastHeader(EntityState state) {
        return state == EntityState.T_BODY || state == EntityState.T_START_MULTIPART
            || state == EntityState.T_END_OF_STREAM;
    }

    /** The offset after the first CRLF CRLF, or 0 (all body) when there is none. */
    private static int headerEnd(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == CR && bytes[i + 1] == LF && bytes[i + 2] == CR && bytes[i + 3] == LF) {
                return i + 4;
            }
        }
        return 0;
    }

    private static int carriageReturns(InputStream body) throws IOException {
        byte[] buffer = new byte[4096];
        int count = 0;
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == CR) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The stored MIME properties, in the order James's append lists them (a stored message's properties read the
     * same whichever path appended it).
     */
    private static MimeSummary summary(MaximalBodyDescriptor descriptor, String mediaType, String subType,
                                       boolean text, Long lines) {
        PropertyBuilder properties = new PropertyBuilder();
        properties.setMediaType(mediaType);
        properties.setSubType(subType);
        properties.setContentID(descriptor.getContentId());
        properties.setContentDescription(descriptor.getContentDescription());
        properties.setContentLocation(descriptor.getContentLocation());
        properties.setContentMD5(descriptor.getContentMD5Raw());
        properties.setContentTransferEncoding(descriptor.getTransferEncoding());
        properties.setContentLanguage(descriptor.getContentLanguage());
        properties.setContentDispositionType(descriptor.getContentDispositionType());
        properties.setContentDispositionParameters(descriptor.getContentDispositionParameters());
        properties.setContentTypeParameters(descriptor.getContentTypeParameters());
        String charset = descriptor.getCharset() != null ? descriptor.getCharset() : text ? "us-ascii" : null;
        if (charset != null) {
            properties.setCharset(charset);
        }
        List<MimeProperty> listed = properties.toProperties().stream()
            .map(p -> new MimeProperty(p.getNamespace(), p.getLocalName(), p.getValue())).toList();
        return new MimeSummary(mediaType, subType, lines, listed);
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return bytes.length;
    }

    int headerLength() {
        return headerLength;
    }

    MimeSummary summary() {
        return summary;
    }

    /** The header's fields as mime4j read them (Message-ID, In-Reply-To, References, Subject for a thread guess). */
    HeaderImpl header() {
        return header;
    }
}

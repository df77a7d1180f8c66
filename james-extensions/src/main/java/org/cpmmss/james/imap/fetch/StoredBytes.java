package org.cpmmss.james.imap.fetch;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;

import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.model.Content;

/**
 * Bytes of a stored message handed to the FETCH encoder as they are, without a MIME parse: the content of a body
 * element ({@code BODY[]}, {@code RFC822}: the header blob then the body blob, kept as the two arrays read) or
 * of a base header section ({@code BODY[HEADER]},
 * {@code RFC822.HEADER}). The stored header length is the section's length.
 */
final class StoredBytes implements Content, FetchResponse.BodyElement, InMemoryLiteral {
    private final String name;
    private final List<byte[]> parts;
    private final long size;

    StoredBytes(String name, byte[] bytes) {
        this.name = name;
        this.parts = List.of(bytes);
        this.size = bytes.length;
    }

    /** Header and body blobs of one message as one section. */
    StoredBytes(String name, byte[] header, byte[] body) {
        this.name = name;
        this.parts = List.of(header, body);
        this.size = (long) header.length + body.length;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public List<byte[]> parts() {
        return parts;
    }

    @Override
    public InputStream getInputStream() {
        if (parts.size() == 1) {
            return new ByteArrayInputStream(parts.get(0));
        }
        return new SequenceInputStream(new ByteArrayInputStream(parts.get(0)), new ByteArrayInputStream(parts.get(1)));
    }
}

package org.cpmmss.james.imap.fetch;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.model.Content;

/**
 * Bytes of a stored message handed to the FETCH encoder as they are, without a MIME parse: the content of a body
 * element ({@code BODY[]}, {@code RFC822}) or, wrapped in James's {@code HeadersBodyElement}, of a base header
 * section ({@code BODY[HEADER]}, {@code RFC822.HEADER}). The stored header length is the section's length.
 */
final class StoredBytes implements Content, FetchResponse.BodyElement {
    private final String name;
    private final byte[] bytes;

    StoredBytes(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    /** Header and body blobs of one message as one section. */
    static byte[] joined(byte[] header, byte[] body) {
        byte[] whole = new byte[header.length + body.length];
        System.arraycopy(header, 0, whole, 0, header.length);
        System.arraycopy(body, 0, whole, header.length, body.length);
        return whole;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(bytes);
    }
}

package org.cpmmss.james.search.indexing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.cpmmss.james.search.text.TextDocuments;
import org.cpmmss.james.store.mailbox.AppendObserver;

/**
 * The bytes of messages just appended, held for the search indexer so that it does not read them back from the
 * store. Bounded: beyond {@link #CAPACITY_BYTES} held, a new message's bytes are not kept (the indexer then reads
 * that message from the store, once). An entry is taken once, by the indexer, or dropped when its message is
 * expunged or its folder deleted before it was indexed.
 */
@Singleton
public class FreshContent implements AppendObserver {
    static final long CAPACITY_BYTES = 32L * 1024 * 1024;

    private record Bytes(byte[] header, byte[] body) {
        long size() {
            return (long) header.length + body.length;
        }
    }

    private final Map<String, Bytes> held = new ConcurrentHashMap<>();
    private final AtomicLong heldBytes = new AtomicLong();

    @Override
    public void appended(MailboxId folder, MessageUid uid, byte[] header, byte[] body) {
        Bytes bytes = new Bytes(header, body);
        if (heldBytes.addAndGet(bytes.size()) > CAPACITY_BYTES) {
            heldBytes.addAndGet(-bytes.size());
            return;
        }
        Bytes replaced = held.put(TextDocuments.id(folder, uid), bytes);
        if (replaced != null) {
            heldBytes.addAndGet(-replaced.size());
        }
    }

    /** The whole message (header and body) if its bytes are held; they are no longer held afterwards. */
    public Optional<byte[]> take(MailboxId folder, MessageUid uid) {
        Bytes bytes = held.remove(TextDocuments.id(folder, uid));
        if (bytes == null) {
            return Optional.empty();
        }
        heldBytes.addAndGet(-bytes.size());
        byte[] whole = new byte[bytes.header.length + bytes.body.length];
        System.arraycopy(bytes.header, 0, whole, 0, bytes.header.length);
        System.arraycopy(bytes.body, 0, whole, bytes.header.length, bytes.body.length);
        return Optional.of(whole);
    }

    /** Drops what is held for messages of a folder at or below a UID (expunged, or indexed from the store). */
    public void dropUpTo(MailboxId folder, long uid) {
        String prefix = TextDocuments.key(folder) + "-";
        held.entrySet().removeIf(entry -> {
            if (!entry.getKey().startsWith(prefix)) {
                return false;
            }
            long held = Long.parseLong(entry.getKey().substring(prefix.length()));
            if (held > uid) {
                return false;
            }
            heldBytes.addAndGet(-entry.getValue().size());
            return true;
        });
    }

    /** Drops one message's bytes. */
    public void drop(MailboxId folder, MessageUid uid) {
        Bytes bytes = held.remove(TextDocuments.id(folder, uid));
        if (bytes != null) {
            heldBytes.addAndGet(-bytes.size());
        }
    }

    /** Bytes currently held (for tests and logs). */
    long heldBytes() {
        return heldBytes.get();
    }
}

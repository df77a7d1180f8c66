package org.cpmmss.james.store.mailbox;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * Told about every message the native store has just appended, with the bytes the append path already holds, so
 * that work done after the append (the search indexer) need not read them back from the store. Called after the
 * append is durable, on the appending thread: it must only hand the bytes over, never block.
 */
public interface AppendObserver {
    AppendObserver NONE = (folder, uid, header, body) -> { };

    void appended(MailboxId folder, MessageUid uid, byte[] header, byte[] body);
}

package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.FlagsResponse;
import org.apache.james.imap.message.response.RecentResponse;

/**
 * The untagged data of a SELECT/EXAMINE in Dovecot's order: {@code [CLOSED]}, FLAGS, PERMANENTFLAGS, EXISTS,
 * RECENT, UNSEEN, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ/NOMODSEQ, then what Dovecot does not send (MAILBOXID), then
 * the QRESYNC data (VANISHED, FETCH) in the order written. James writes MAILBOXID first and PERMANENTFLAGS,
 * HIGHESTMODSEQ, UIDNEXT after UIDVALIDITY (RFC 3501 leaves the order free). The lines are held until the tagged
 * answer and written with it, without a flush between them; {@link #drain} writes (and flushes) whatever is held if
 * the command ends without a tagged answer.
 */
final class SelectResponseOrder implements Responder {
    private static final List<String> CODES = List.of("CLOSED", "FLAGS", "PERMANENTFLAGS", "EXISTS", "RECENT", "UNSEEN",
        "UIDVALIDITY", "UIDNEXT", "HIGHESTMODSEQ", "NOMODSEQ", "MAILBOXID");
    private final Responder delegate;
    private final List<ImapResponseMessage> held = new ArrayList<>();

    SelectResponseOrder(Responder delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void respond(ImapResponseMessage message) {
        if (message instanceof StatusResponse && ((StatusResponse) message).getTag() != null) {
            // the held lines and the tagged answer go into the command's one buffer, written by one flush at the
            // command's end: a flush of the held lines here could leave from another thread than the final one,
            // and Netty sends a write from its event loop before writes other threads queued for it (the lines
            // then reached the client after the tagged OK, docs/imap-concurrency.md)
            held.sort(Comparator.comparingInt(SelectResponseOrder::rank));
            held.forEach(delegate::respond);
            held.clear();
            delegate.respond(message);
            return;
        }
        held.add(message);
    }

    @Override
    public synchronized void flush() {
        if (held.isEmpty()) {
            delegate.flush();
        }
    }

    synchronized void drain() {
        held.forEach(delegate::respond);
        held.clear();
        delegate.flush();
    }

    private static int rank(ImapResponseMessage message) {
        String key = null;
        if (message instanceof FlagsResponse) {
            key = "FLAGS";
        } else if (message instanceof ExistsResponse) {
            key = "EXISTS";
        } else if (message instanceof RecentResponse) {
            key = "RECENT";
        } else if (message instanceof StatusResponse && ((StatusResponse) message).getResponseCode() != null) {
            key = ((StatusResponse) message).getResponseCode().getCode();
        }
        int index = key == null ? -1 : CODES.indexOf(key);
        return index < 0 ? CODES.size() : index;
    }
}

package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.message.response.MailboxStatusResponse;

/** Writes a STATUS response (also the STATUS lines of LIST-STATUS) with its items in request order. */
final class OrderedStatusEncoder {
    void encode(OrderedStatusResponse ordered, ImapResponseComposer composer) throws IOException {
        MailboxStatusResponse r = ordered.response();
        Map<String, Writer> items = new LinkedHashMap<>();
        if (r.getAppendLimit() != null) {
            items.put(ImapConstants.STATUS_APPENDLIMIT, c -> c.message(r.getAppendLimit().map(String::valueOf).orElse("NIL")));
        }
        if (r.getMessages() != null) {
            items.put(ImapConstants.STATUS_MESSAGES, c -> c.message(r.getMessages()));
        }
        if (r.getSize() != null) {
            items.put(ImapConstants.STATUS_SIZE, c -> c.message(r.getSize()));
        }
        if (r.getDeleted() != null) {
            items.put(ImapConstants.STATUS_DELETED, c -> c.message(r.getDeleted()));
        }
        if (r.getDeletedStorage() != null) {
            items.put(ImapConstants.STATUS_DELETED_STORAGE, c -> c.message(r.getDeletedStorage()));
        }
        if (r.getRecent() != null) {
            items.put(ImapConstants.STATUS_RECENT, c -> c.message(r.getRecent()));
        }
        if (r.getUidNext() != null) {
            items.put(ImapConstants.STATUS_UIDNEXT, c -> c.message(r.getUidNext().asLong()));
        }
        if (r.getHighestModSeq() != null) {
            items.put(ImapConstants.STATUS_HIGHESTMODSEQ, c -> c.message(r.getHighestModSeq().asLong()));
        }
        if (r.getUidValidity() != null) {
            items.put(ImapConstants.STATUS_UIDVALIDITY, c -> c.message(r.getUidValidity().asLong()));
        }
        if (r.getUnseen() != null) {
            items.put(ImapConstants.STATUS_UNSEEN, c -> c.message(r.getUnseen()));
        }
        if (r.getMailboxId() != null) {
            items.put(ImapConstants.STATUS_MAILBOXID, c -> c.openParen().message(r.getMailboxId().serialize()).closeParen());
        }
        List<String> order = new ArrayList<>();
        for (String requested : ordered.requested()) {
            if (items.containsKey(requested) && !order.contains(requested)) {
                order.add(requested);
            }
        }
        items.keySet().stream().filter(key -> !order.contains(key)).forEach(order::add);

        composer.untagged();
        composer.message(ImapConstants.STATUS_COMMAND.getNameAsBytes());
        composer.mailbox(r.getMailbox());
        composer.openParen();
        for (String key : order) {
            composer.message(key);
            items.get(key).write(composer);
        }
        composer.closeParen();
        composer.end();
    }

    @FunctionalInterface
    private interface Writer {
        void write(ImapResponseComposer composer) throws IOException;
    }
}

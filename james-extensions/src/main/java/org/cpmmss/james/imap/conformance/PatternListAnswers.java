package org.cpmmss.james.imap.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.response.ListResponse;
import org.apache.james.imap.message.response.MailboxStatusResponse;

/**
 * Collects the answers of the per-pattern LISTs of one {@link PatternListRequest}: a mailbox matched by several
 * patterns is listed once (RFC 5258 section 3: "the server MUST NOT return the same mailbox more than once"), the
 * tagged answer is the last pattern's unless one fails, in which case that failure ends the command.
 */
final class PatternListAnswers implements Responder {
    private final List<ImapResponseMessage> untagged = new ArrayList<>();
    private final Set<String> listed = new HashSet<>();
    private final Set<String> statused = new HashSet<>();
    private StatusResponse tagged;

    @Override
    public synchronized void respond(ImapResponseMessage message) {
        if (message instanceof StatusResponse && ((StatusResponse) message).getTag() != null) {
            tagged = (StatusResponse) message;
        } else if (message instanceof ListResponse) {
            if (listed.add(((ListResponse) message).getName())) {
                untagged.add(message);
            }
        } else if (message instanceof MailboxStatusResponse) {
            if (statused.add(((MailboxStatusResponse) message).getMailbox())) {
                untagged.add(message);
            }
        } else {
            untagged.add(message);
        }
    }

    @Override
    public void flush() {
        // everything is written by writeTo, once all patterns ran
    }

    /** True once a pattern's LIST answered anything but OK: the remaining patterns are not run. */
    synchronized boolean failed() {
        return tagged != null && tagged.getServerResponseType() != StatusResponse.Type.OK;
    }

    /**
     * RECURSIVEMATCH: a mailbox listed only for its CHILDINFO (it does not meet the selection itself) adds nothing
     * when another pattern of the same command lists the descendant meeting it; it is left out, as Dovecot does.
     * (Approximation: a further, unlisted descendant meeting the selection is not looked for.)
     */
    private boolean childInfoShownElsewhere(ImapResponseMessage message) {
        if (!(message instanceof ListResponse)) {
            return false;
        }
        ListResponse list = (ListResponse) message;
        if (list.getChildInfos().isEmpty() || list.isReturnSubscribed()) {
            return false;
        }
        String prefix = list.getName() + list.getHierarchyDelimiter();
        return untagged.stream().anyMatch(other -> other instanceof ListResponse
            && ((ListResponse) other).isReturnSubscribed() && ((ListResponse) other).getName().startsWith(prefix));
    }

    synchronized void writeTo(Responder responder) {
        if (failed()) {
            responder.respond(tagged);
        } else {
            untagged.stream().filter(message -> !childInfoShownElsewhere(message)).forEach(responder::respond);
            if (tagged != null) {
                responder.respond(tagged);
            }
        }
        responder.flush();
    }
}

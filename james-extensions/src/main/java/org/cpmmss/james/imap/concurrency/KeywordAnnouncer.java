package org.cpmmss.james.imap.concurrency;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.mail.Flags;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.FlagsResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

/**
 * Keeps the keywords of an untagged FLAGS ahead of their use (RFC 3501 §7.2.6): remembers, per connection, the
 * keywords the client has been told about since its SELECT; a FETCH response carrying a keyword the client has
 * not been told about (set meanwhile by another session) is preceded by an untagged FLAGS and PERMANENTFLAGS
 * naming it; and a FLAGS response during the selection never drops a keyword the client was already told about
 * (messages may still carry it).
 */
final class KeywordAnnouncer implements Responder {
    private static final String ATTRIBUTE = KeywordAnnouncer.class.getName();
    private static final StatusResponseFactory STATUS = new UnpooledStatusResponseFactory();
    private static final List<Flags.Flag> SYSTEM_FLAGS = List.of(Flags.Flag.ANSWERED, Flags.Flag.FLAGGED,
        Flags.Flag.DELETED, Flags.Flag.SEEN, Flags.Flag.DRAFT);

    private final Responder responder;
    private final ImapSession session;
    private final boolean selection;

    /**
     * @param selection true for SELECT/EXAMINE: their FLAGS response starts the set of announced keywords afresh
     */
    KeywordAnnouncer(Responder responder, ImapSession session, boolean selection) {
        this.responder = responder;
        this.session = session;
        this.selection = selection;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        if (message instanceof FlagsResponse) {
            responder.respond(new FlagsResponse(flags(merge(((FlagsResponse) message).getFlags(), selection))));
        } else if (message instanceof FetchResponse && ((FetchResponse) message).getFlags() != null) {
            Set<String> announced = announced();
            List<String> used = Arrays.asList(((FetchResponse) message).getFlags().getUserFlags());
            if (!announced.containsAll(used)) {
                Set<String> all = merge(((FetchResponse) message).getFlags(), false);
                responder.respond(new FlagsResponse(flags(all)));
                Flags permanent = flags(all);
                permanent.add(Flags.Flag.USER);
                responder.respond(STATUS.untaggedOk(HumanReadableText.permanentFlags(permanent),
                    StatusResponse.ResponseCode.permanentFlags(permanent)));
            }
            responder.respond(message);
        } else {
            responder.respond(message);
        }
    }

    @Override
    public void flush() {
        responder.flush();
    }

    /** The announced keywords after adding (or, when {@code reset}, replacing them by) the given flags' keywords. */
    private synchronized Set<String> merge(Flags flags, boolean reset) {
        Set<String> next = reset ? new LinkedHashSet<>() : new LinkedHashSet<>(announced());
        next.addAll(Arrays.asList(flags.getUserFlags()));
        Set<String> frozen = Collections.unmodifiableSet(next);
        session.setAttribute(ATTRIBUTE, frozen);
        return frozen;
    }

    @SuppressWarnings("unchecked")
    private Set<String> announced() {
        Object value = session.getAttribute(ATTRIBUTE);
        return value == null ? Set.of() : (Set<String>) value;
    }

    private static Flags flags(Set<String> keywords) {
        Flags flags = new Flags();
        SYSTEM_FLAGS.forEach(flags::add);
        keywords.forEach(flags::add);
        return flags;
    }
}

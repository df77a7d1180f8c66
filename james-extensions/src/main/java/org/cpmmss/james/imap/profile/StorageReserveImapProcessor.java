package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.Optional;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AppendRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.cpmmss.james.plumbing.StorageReserve;

import reactor.core.publisher.Mono;

/**
 * IMAP APPEND while the data directory is below its {@link StorageReserve}: a tagged {@code NO} naming the shortage,
 * nothing stored (the client keeps its message and may retry). Every other command goes to the profile's processor:
 * reads, flag changes and expunges stay possible, on the reserve.
 */
public final class StorageReserveImapProcessor implements ImapProcessor {
    private static final StatusResponseFactory RESPONSES = new UnpooledStatusResponseFactory();
    private final ImapProcessor delegate;
    private final StorageReserve reserve;

    public StorageReserveImapProcessor(ImapProcessor delegate, StorageReserve reserve) {
        this.delegate = delegate;
        this.reserve = reserve;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof AppendRequest append) {
            Optional<String> shortage = reserve.shortage();
            if (shortage.isPresent()) {
                return Mono.fromRunnable(() -> refuse(append, shortage.get(), responder));
            }
        }
        return delegate.processReactive(message, responder, session);
    }

    private static void refuse(AppendRequest append, String shortage, Responder responder) {
        try {
            append.close();
        } catch (IOException e) {
            // the literal's temporary file: nothing the client can act on
        }
        responder.respond(RESPONSES.taggedNo(append.getTag(), append.getCommand(),
            new HumanReadableText("org.cpmmss.imap.storage-reserve", shortage + ", try again later")));
        responder.flush();
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}

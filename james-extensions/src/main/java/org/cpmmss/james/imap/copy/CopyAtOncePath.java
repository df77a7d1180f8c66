package org.cpmmss.james.imap.copy;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CopyRequest;

import reactor.core.publisher.Mono;

/**
 * James's processor chain with COPY answered by {@link CopyAtOnceProcessor} (the whole set copied at once); every
 * other command goes to James's chain unchanged. {@code -Dcpm.imap.copy.at-once=false} leaves COPY to James's
 * {@code CopyProcessor} (range by range).
 */
public final class CopyAtOncePath implements ImapProcessor {
    /** The switch (default on). */
    public static final String PROPERTY = "cpm.imap.copy.at-once";

    private final ImapProcessor james;
    private final CopyAtOnceProcessor copy;

    public CopyAtOncePath(ImapProcessor james, CopyAtOnceProcessor copy) {
        this.james = james;
        this.copy = copy;
    }

    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof CopyRequest request && copy.takes(request, session)) {
            return copy.processReactive(message, responder, session);
        }
        return james.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        james.configure(imapConfiguration);
        copy.configure(imapConfiguration);
    }
}

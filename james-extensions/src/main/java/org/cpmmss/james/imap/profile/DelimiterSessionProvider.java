package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.function.Predicate;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;

/**
 * Issues every mailbox session (IMAP logins, mailets, WebAdmin, listeners) with the profile's hierarchy
 * delimiter. James's {@code SessionProviderImpl} is the only place sessions are created and hard-wires
 * {@code .}; this wraps it and re-issues each session with the same id, user, type and locales.
 */
public final class DelimiterSessionProvider implements SessionProvider {
    private final SessionProvider delegate;
    private final char delimiter;

    public DelimiterSessionProvider(SessionProvider delegate, char delimiter) {
        this.delegate = delegate;
        this.delimiter = delimiter;
    }

    private MailboxSession reissue(MailboxSession session) {
        if (session.getPathDelimiter() == delimiter) {
            return session;
        }
        MailboxSession reissued = new MailboxSession(session.getSessionId(), session.getUser(), session.getLoggedInUser(),
            session.getLocalePreferences(), new ArrayList<>(session.getSharedSpaces()),
            session.getOtherUsersSpace(), delimiter, session.getType());
        reissued.getAttributes().putAll(session.getAttributes());
        return reissued;
    }

    @Override
    public MailboxSession createSystemSession(Username userName) {
        return reissue(delegate.createSystemSession(userName));
    }

    @Override
    public AuthorizationStep authenticate(Username givenUserid, String passwd) {
        return wrap(delegate.authenticate(givenUserid, passwd));
    }

    @Override
    public AuthorizationStep authenticate(Username givenUserid) {
        return wrap(delegate.authenticate(givenUserid));
    }

    private AuthorizationStep wrap(AuthorizationStep step) {
        return new AuthorizationStep() {
            @Override
            public MailboxSession as(Username other) throws MailboxException {
                return reissue(step.as(other));
            }

            @Override
            public MailboxSession withoutDelegation() throws MailboxException {
                return reissue(step.withoutDelegation());
            }

            @Override
            public MailboxSession forMatchingUser(Predicate<Username> other) throws MailboxException {
                return reissue(step.forMatchingUser(other));
            }
        };
    }
}

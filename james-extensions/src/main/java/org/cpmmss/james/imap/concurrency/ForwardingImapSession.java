package org.cpmmss.james.imap.concurrency;

import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapLineHandler;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.protocols.api.OidcSASLConfiguration;

import reactor.core.publisher.Mono;

/**
 * An IMAP session that hands every call to the connection's real session; the sessions James's processors are
 * given for one command ({@link SelectionSession}, {@link IdleSession}) extend it and change one or two calls.
 */
abstract class ForwardingImapSession implements ImapSession {
    protected final ImapSession session;

    ForwardingImapSession(ImapSession session) {
        this.session = session;
    }

    @Override
    public Mono<Void> selected(SelectedMailbox mailbox) {
        return session.selected(mailbox);
    }

    @Override
    public SessionId sessionId() {
        return session.sessionId();
    }

    @Override
    public void executeSafely(Runnable runnable) {
        session.executeSafely(runnable);
    }

    @Override
    public Mono<Void> logout() {
        return session.logout();
    }

    @Override
    public ImapSessionState getState() {
        return session.getState();
    }

    @Override
    public void authenticated() {
        session.authenticated();
    }

    @Override
    public Mono<Void> deselect() {
        return session.deselect();
    }

    @Override
    public SelectedMailbox getSelected() {
        return session.getSelected();
    }

    @Override
    public Object getAttribute(String key) {
        return session.getAttribute(key);
    }

    @Override
    public void setAttribute(String key, Object value) {
        session.setAttribute(key, value);
    }

    @Override
    public boolean startTLS(Runnable runnable) {
        return session.startTLS(runnable);
    }

    @Override
    public boolean isTLSActive() {
        return session.isTLSActive();
    }

    @Override
    public boolean supportStartTLS() {
        return session.supportStartTLS();
    }

    @Override
    public Optional<SSLSession> getSSLSession() {
        return session.getSSLSession();
    }

    @Override
    public boolean isCompressionActive() {
        return session.isCompressionActive();
    }

    @Override
    public boolean isCompressionSupported() {
        return session.isCompressionSupported();
    }

    @Override
    public boolean startCompression(Runnable runnable) {
        return session.startCompression(runnable);
    }

    @Override
    public void pushLineHandler(ImapLineHandler lineHandler) {
        session.pushLineHandler(lineHandler);
    }

    @Override
    public void popLineHandler() {
        session.popLineHandler();
    }

    @Override
    public boolean supportMultipleNamespaces() {
        return session.supportMultipleNamespaces();
    }

    @Override
    public boolean isSSLRequired() {
        return session.isSSLRequired();
    }

    @Override
    public boolean isPlainAuthEnabled() {
        return session.isPlainAuthEnabled();
    }

    @Override
    public boolean supportsOAuth() {
        return session.supportsOAuth();
    }

    @Override
    public Optional<OidcSASLConfiguration> oidcSaslConfiguration() {
        return session.oidcSaslConfiguration();
    }

    @Override
    public void setMailboxSession(MailboxSession mailboxSession) {
        session.setMailboxSession(mailboxSession);
    }

    @Override
    public MailboxSession getMailboxSession() {
        return session.getMailboxSession();
    }

    @Override
    public Username getUserName() {
        return session.getUserName();
    }

    @Override
    public boolean isPlainAuthDisallowed() {
        return session.isPlainAuthDisallowed();
    }

    @Override
    public boolean isAuthenticatingNonEncryptedWhenRequiredSSL() {
        return session.isAuthenticatingNonEncryptedWhenRequiredSSL();
    }

    @Override
    public void schedule(Runnable runnable, Duration waitDelay) {
        session.schedule(runnable, waitDelay);
    }

    @Override
    public boolean needsCommandInjectionDetection() {
        return session.needsCommandInjectionDetection();
    }

    @Override
    public void startDetectingCommandInjection() {
        session.startDetectingCommandInjection();
    }

    @Override
    public void stopDetectingCommandInjection() {
        session.stopDetectingCommandInjection();
    }
}

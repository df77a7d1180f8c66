package org.cpmmss.james.imap.profile;

import java.io.IOException;

import javax.mail.Flags;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.message.Literal;

/** Hands every call to another composer; subclasses change the few calls they care about. */
class ForwardingComposer implements ImapResponseComposer {
    protected final ImapResponseComposer delegate;

    ForwardingComposer(ImapResponseComposer delegate) {
        this.delegate = delegate;
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public ImapResponseComposer untaggedNoResponse(String displayMessage, String responseCode) throws IOException {
        delegate.untaggedNoResponse(displayMessage, responseCode);
        return this;
    }

    @Override
    public ImapResponseComposer flags(Flags flags) throws IOException {
        delegate.flags(flags);
        return this;
    }

    @Override
    public ImapResponseComposer nil() throws IOException {
        delegate.nil();
        return this;
    }

    @Override
    public ImapResponseComposer untaggedResponse(String message) throws IOException {
        delegate.untaggedResponse(message);
        return this;
    }

    @Override
    public ImapResponseComposer untagged() throws IOException {
        delegate.untagged();
        return this;
    }

    @Override
    public ImapResponseComposer commandName(ImapCommand command) throws IOException {
        delegate.commandName(command);
        return this;
    }

    @Override
    public ImapResponseComposer message(String message) throws IOException {
        delegate.message(message);
        return this;
    }

    @Override
    public ImapResponseComposer message(byte[] message) throws IOException {
        delegate.message(message);
        return this;
    }

    @Override
    public ImapResponseComposer message(long number) throws IOException {
        delegate.message(number);
        return this;
    }

    @Override
    public ImapResponseComposer mailbox(String mailboxName) throws IOException {
        delegate.mailbox(mailboxName);
        return this;
    }

    @Override
    public ImapResponseComposer sequenceSet(UidRange[] ranges) throws IOException {
        delegate.sequenceSet(ranges);
        return this;
    }

    @Override
    public ImapResponseComposer sequenceSet(IdRange[] ranges) throws IOException {
        delegate.sequenceSet(ranges);
        return this;
    }

    @Override
    public ImapResponseComposer end() throws IOException {
        delegate.end();
        return this;
    }

    @Override
    public ImapResponseComposer tag(Tag tag) throws IOException {
        delegate.tag(tag);
        return this;
    }

    @Override
    public ImapResponseComposer quote(String message) throws IOException {
        delegate.quote(message);
        return this;
    }

    @Override
    public ImapResponseComposer quote(char message) throws IOException {
        delegate.quote(message);
        return this;
    }

    @Override
    public ImapResponseComposer literal(Literal literal) throws IOException {
        delegate.literal(literal);
        return this;
    }

    @Override
    public ImapResponseComposer openParen() throws IOException {
        delegate.openParen();
        return this;
    }

    @Override
    public ImapResponseComposer closeParen() throws IOException {
        delegate.closeParen();
        return this;
    }

    @Override
    public ImapResponseComposer quoteUpperCaseAscii(String message) throws IOException {
        delegate.quoteUpperCaseAscii(message);
        return this;
    }

    @Override
    public ImapResponseComposer skipNextSpace() throws IOException {
        delegate.skipNextSpace();
        return this;
    }

    @Override
    public ImapResponseComposer continuationResponse(String message) throws IOException {
        delegate.continuationResponse(message);
        return this;
    }

    @Override
    public ImapResponseComposer continuationResponse() throws IOException {
        delegate.continuationResponse();
        return this;
    }

    @Override
    public ImapResponseComposer closeSquareBracket() throws IOException {
        delegate.closeSquareBracket();
        return this;
    }

    @Override
    public ImapResponseComposer openSquareBracket() throws IOException {
        delegate.openSquareBracket();
        return this;
    }
}

package org.cpmmss.james.imap.conformance;

import org.apache.james.imap.message.response.FetchResponse.Envelope;

/** James's ENVELOPE with its six address lists replaced (see {@link CommentPersonalNames}). */
final class CorrectedEnvelope implements Envelope {
    private final Envelope james;
    private final Address[] from;
    private final Address[] sender;
    private final Address[] replyTo;
    private final Address[] to;
    private final Address[] cc;
    private final Address[] bcc;

    CorrectedEnvelope(Envelope james, Address[] from, Address[] sender, Address[] replyTo, Address[] to, Address[] cc, Address[] bcc) {
        this.james = james;
        this.from = from;
        this.sender = sender;
        this.replyTo = replyTo;
        this.to = to;
        this.cc = cc;
        this.bcc = bcc;
    }

    @Override
    public String getDate() {
        return james.getDate();
    }

    @Override
    public String getSubject() {
        return james.getSubject();
    }

    @Override
    public Address[] getFrom() {
        return from;
    }

    @Override
    public Address[] getSender() {
        return sender;
    }

    @Override
    public Address[] getReplyTo() {
        return replyTo;
    }

    @Override
    public Address[] getTo() {
        return to;
    }

    @Override
    public Address[] getCc() {
        return cc;
    }

    @Override
    public Address[] getBcc() {
        return bcc;
    }

    @Override
    public String getInReplyTo() {
        return james.getInReplyTo();
    }

    @Override
    public String getMessageId() {
        return james.getMessageId();
    }
}

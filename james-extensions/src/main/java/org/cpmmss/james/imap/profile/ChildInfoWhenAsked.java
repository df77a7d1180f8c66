package org.cpmmss.james.imap.profile;

import java.util.EnumSet;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.response.ListResponse;
import org.apache.james.mailbox.model.MailboxMetaData;

/**
 * RFC 5258: an extended LIST (selection or return options) returns {@code \HasChildren}/{@code \HasNoChildren} when
 * asked with {@code RETURN (CHILDREN)}; the server MAY add them otherwise, James always does, Dovecot does not.
 * This responder drops them from the LIST lines of an extended LIST without CHILDREN, so
 * {@code LIST "" "Default/*" RETURN (STATUS (…))} answers {@code * LIST () "/" …} as Dovecot does. A basic
 * {@code LIST ref pattern} keeps them (both servers send them there).
 */
final class ChildInfoWhenAsked implements Responder {
    private final Responder delegate;

    private ChildInfoWhenAsked(Responder delegate) {
        this.delegate = delegate;
    }

    static Responder wrap(Responder responder, ListRequest request) {
        boolean extended = !request.getSelectOptions().isEmpty() || !request.getReturnOptions().isEmpty();
        boolean asked = request.getReturnOptions().contains(ListRequest.ListReturnOption.CHILDREN);
        return extended && !asked ? new ChildInfoWhenAsked(responder) : responder;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        if (message instanceof ListResponse) {
            ListResponse list = (ListResponse) message;
            MailboxMetaData.Children children = list.getChildren();
            if (children == MailboxMetaData.Children.HAS_CHILDREN || children == MailboxMetaData.Children.HAS_NO_CHILDREN) {
                message = new ListResponse(MailboxMetaData.Children.CHILDREN_ALLOWED_BUT_UNKNOWN, list.getSelectability(),
                    list.getName(), list.getHierarchyDelimiter(), list.isReturnSubscribed(), list.isReturnNonExistent(),
                    list.getChildInfos().isEmpty() ? EnumSet.noneOf(ListResponse.ChildInfo.class) : EnumSet.copyOf(list.getChildInfos()),
                    list.getType());
            }
        }
        delegate.respond(message);
    }

    @Override
    public void flush() {
        delegate.flush();
    }
}

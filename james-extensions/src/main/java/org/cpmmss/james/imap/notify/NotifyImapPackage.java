package org.cpmmss.james.imap.notify;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;

/**
 * NOTIFY (RFC 5465) for James's IMAP server; listed in {@code <imapPackages>} of imapserver.xml. Needs
 * {@link NotifyModule} in the server's Guice modules (the registry and the event-bus listener).
 */
public class NotifyImapPackage extends ImapPackage.Impl {
    public static final ImapCommand NOTIFY = ImapCommand.authenticatedStateCommand("NOTIFY");

    @Inject
    public NotifyImapPackage() {
        super(ImmutableList.of(new ClassName(NotifyProcessor.class.getName())),
            ImmutableList.of(new ClassName(NotifyCommandParser.class.getName())),
            ImmutableList.of(new ClassName(MailboxNameResponseEncoder.class.getName())));
    }
}

package org.cpmmss.james.security;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.exception.InsufficientRightsException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreRightManager;

import reactor.core.publisher.Mono;

/**
 * James's right manager, except that nobody can grant rights on a folder to anyone but its owner: cpm-mss never
 * shares folders (a user's store is theirs alone, design.md), so an ACL change that gives another user, a
 * group, "anyone" or "authenticated" any right is refused ({@code SETACL} answers {@code NO}). Removing rights
 * and negative (deny) entries stay possible.
 */
public class OwnerOnlyRightManager extends StoreRightManager {
    @Inject
    public OwnerOnlyRightManager(MailboxSessionMapperFactory mailboxSessionMapperFactory, MailboxACLResolver aclResolver,
                                 EventBus eventBus) {
        super(mailboxSessionMapperFactory, aclResolver, eventBus);
    }

    static boolean grantsToSomeoneElse(MailboxACL.ACLCommand command, Username owner) {
        boolean grants = command.getEditMode() != MailboxACL.EditMode.REMOVE && !command.getRights().isEmpty();
        return grants && !isOwner(command.getEntryKey(), owner);
    }

    static boolean isOwner(MailboxACL.EntryKey key, Username owner) {
        if (key.isNegative() || key.equals(MailboxACL.OWNER_KEY)) {
            return true;
        }
        return key.getNameType() == MailboxACL.NameType.user && owner != null
            && key.getName().equalsIgnoreCase(owner.asString());
    }

    private static InsufficientRightsException refusal(MailboxACL.EntryKey key) {
        return new InsufficientRightsException("folders are never shared: rights cannot be granted to " + key.serialize());
    }

    @Override
    public void applyRightsCommand(MailboxPath mailboxPath, MailboxACL.ACLCommand command, MailboxSession session)
            throws MailboxException {
        if (grantsToSomeoneElse(command, mailboxPath.getUser())) {
            throw refusal(command.getEntryKey());
        }
        super.applyRightsCommand(mailboxPath, command, session);
    }

    @Override
    public Mono<Void> applyRightsCommandReactive(MailboxPath mailboxPath, MailboxACL.ACLCommand command, MailboxSession session) {
        if (grantsToSomeoneElse(command, mailboxPath.getUser())) {
            return Mono.error(refusal(command.getEntryKey()));
        }
        return super.applyRightsCommandReactive(mailboxPath, command, session);
    }

    @Override
    public void applyRightsCommand(MailboxId mailboxId, MailboxACL.ACLCommand command, MailboxSession session)
            throws MailboxException {
        if (grantsToSomeoneElse(command, session.getUser())) {
            throw refusal(command.getEntryKey());
        }
        super.applyRightsCommand(mailboxId, command, session);
    }

    @Override
    public void setRights(MailboxPath mailboxPath, MailboxACL acl, MailboxSession session) throws MailboxException {
        requireOwnerOnly(acl, mailboxPath.getUser());
        super.setRights(mailboxPath, acl, session);
    }

    @Override
    public void setRights(MailboxId mailboxId, MailboxACL acl, MailboxSession session) throws MailboxException {
        requireOwnerOnly(acl, session.getUser());
        super.setRights(mailboxId, acl, session);
    }

    private static void requireOwnerOnly(MailboxACL acl, Username owner) throws InsufficientRightsException {
        for (var entry : acl.getEntries().entrySet()) {
            if (!entry.getValue().isEmpty() && !isOwner(entry.getKey(), owner)) {
                throw refusal(entry.getKey());
            }
        }
    }
}

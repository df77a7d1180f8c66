package org.cpmmss.james.store.mailbox;

import org.apache.james.core.Username;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderExistsException;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.FolderStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's {@link MailboxMapper} on our {@link FolderStore}. ACLs are not stored (as with James's JPA mailbox): an
 * ACL change is applied to the given {@link Mailbox} object only.
 */
public final class NativeMailboxMapper implements MailboxMapper {
    private final FolderStore folders;

    public NativeMailboxMapper(FolderStore folders) {
        this.folders = folders;
    }

    static FolderName nameOf(MailboxPath path) {
        Username user = path.getUser();
        return new FolderName(path.getNamespace(), user == null ? "" : user.asString(), path.getName());
    }

    static Mailbox toMailbox(Folder folder) {
        FolderName name = folder.name();
        Username user = name.owner().isEmpty() ? null : Username.of(name.owner());
        return new Mailbox(new MailboxPath(name.namespace(), user, name.name()), UidValidity.of(folder.uidValidity()),
            NativeMailboxId.of(folder.id()));
    }

    @Override
    public Mono<Mailbox> create(MailboxPath mailboxPath, UidValidity uidValidity) {
        return Mono.fromCallable(() -> toMailbox(folders.create(nameOf(mailboxPath), uidValidity.asLong())))
            .onErrorMap(FolderExistsException.class, e -> new MailboxExistsException(mailboxPath.getName()));
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return findMailboxById(mailbox.getMailboxId())
            .then(Mono.fromCallable(() -> {
                folders.rename(NativeMailboxId.raw(mailbox.getMailboxId()),
                    nameOf(mailbox.generateAssociatedPath()));
                return mailbox.getMailboxId();
            }))
            .onErrorMap(FolderExistsException.class, e -> new MailboxExistsException(mailbox.getName()));
    }

    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return Mono.fromRunnable(() -> folders.delete(NativeMailboxId.raw(mailbox.getMailboxId())));
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        return Mono.fromCallable(() -> folders.find(nameOf(path))).flatMap(Mono::justOrEmpty)
            .map(NativeMailboxMapper::toMailbox);
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId mailboxId) {
        return Mono.fromCallable(() -> folders.find(NativeMailboxId.raw(mailboxId))).flatMap(Mono::justOrEmpty)
            .map(NativeMailboxMapper::toMailbox)
            .switchIfEmpty(Mono.error(() -> new MailboxNotFoundException(mailboxId)));
    }

    @Override
    public Flux<Mailbox> findNonPersonalMailboxes(Username userName, MailboxACL.Right right) {
        return Flux.empty();
    }

    @Override
    public Flux<Mailbox> findMailboxWithPathLike(MailboxQuery.UserBound query) {
        return Flux.defer(() -> Flux.fromIterable(folders.listOwned(query.getFixedNamespace(),
                query.getFixedUser() == null ? "" : query.getFixedUser().asString())))
            .map(NativeMailboxMapper::toMailbox)
            .filter(query::matches);
    }

    @Override
    public Mono<Boolean> hasChildren(Mailbox mailbox, char delimiter) {
        return Mono.fromCallable(() -> folders.hasChildren(nameOf(mailbox.generateAssociatedPath()), delimiter));
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand command) {
        return Mono.fromCallable(() -> {
            MailboxACL oldAcl = mailbox.getACL();
            MailboxACL newAcl = oldAcl.apply(command);
            mailbox.setACL(newAcl);
            return ACLDiff.computeDiff(oldAcl, newAcl);
        });
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL acl) {
        return Mono.fromCallable(() -> {
            MailboxACL oldAcl = mailbox.getACL();
            mailbox.setACL(acl);
            return ACLDiff.computeDiff(oldAcl, acl);
        });
    }

    @Override
    public Flux<Mailbox> list() {
        return Flux.defer(() -> Flux.fromIterable(folders.listAll())).map(NativeMailboxMapper::toMailbox);
    }
}

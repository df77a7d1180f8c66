package org.cpmmss.james.mailbox.conversation;

import org.cpmmss.recording.port.CpmStateStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.MessageUid;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.james.store.api.KeyAlreadyRecordedException;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.SharedForces;
import org.cpmmss.recording.port.ConversationStore;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.verdict.OwnerVerdict;

import com.google.common.util.concurrent.Striped;

/**
 * The pipeline's {@link ConversationStore} on James: files one object into one owner's folder, exactly once per
 * idempotency key, through the James {@link MailboxManager} only. The folder and its ancestors are created (and subscribed) when missing.
 *
 * <p>On the native store (embedded or PostgreSQL: {@link RecordedKeys} bound) the key travels with the append (a
 * {@link RecordedKey} in the session's attributes) and the store records it in the message's own transaction: one
 * commit, one force, and after a crash either both are there or neither. A key found DONE whose message is neither
 * at its recorded UID nor anywhere in the folder (the user deleted it) is stored again. On James's JPA mailbox the
 * key is written PENDING before the append and DONE after it, two forced writes of the state database; a key found
 * PENDING (a crash between the two, or a state database of an earlier release) makes the store scan the target
 * folder's headers for the object before appending — only the messages above the folder's last UID recorded with
 * the PENDING key — so a redelivery after a crash never stores a second copy. One lock per (owner, key) serialises
 * concurrent deliveries of the same object inside this JVM; across nodes (PostgreSQL) the key's row does.</p>
 */
@Singleton
public class MailboxConversationStore implements ConversationStore {
    private final MailboxManager mailboxManager;
    private final CpmStateStore state;
    private final Striped<Lock> locks = Striped.lazyWeakLock(1024);
    private final Striped<Lock> folderCreation = Striped.lazyWeakLock(64);
    private final boolean keysInStore;
    private final Optional<SharedForces> sharedForces;

    /** On James's JPA mailbox: keys written PENDING and DONE in the state database around the append. */
    public MailboxConversationStore(MailboxManager mailboxManager, CpmStateStore state) {
        this(mailboxManager, state, Optional.empty(), Optional.empty());
    }

    /**
     * {@code storeKeys} present: the mailbox is the native store, which records each key with its message;
     * {@code sharedForces} present: it forces the copies of one object for all its owners once ({@link #storeAll}).
     */
    @Inject
    public MailboxConversationStore(MailboxManager mailboxManager, CpmStateStore state,
                                    Optional<RecordedKeys> storeKeys, Optional<SharedForces> sharedForces) {
        this.mailboxManager = mailboxManager;
        this.state = state;
        this.keysInStore = storeKeys.isPresent();
        this.sharedForces = keysInStore ? sharedForces : Optional.empty();
    }

    @Override
    public OwnerVerdict.Filed store(String owner, FolderPath folder, String key, byte[] bytes, boolean seen) throws StorageException {
        return store(owner, folder, key, bytes, seen ? new Flags(Flags.Flag.SEEN) : new Flags());
    }

    @Override
    public OwnerVerdict.Filed store(String owner, FolderPath folder, String key, byte[] bytes, Flags flags) throws StorageException {
        Lock lock = locks.get(lockKey(owner, key));
        lock.lock();
        try {
            return fileLocked(new Filing(owner, folder, key, bytes, flags), SharedForce.IMMEDIATE);
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the native store, the owners' copies are appended with one {@link SharedForce}: each append commits, then one
     * force makes them all durable (one H2 chunk and one pair of fdatasync instead of one per owner), and only then
     * are they announced and reported filed. Every (owner, key) lock is held until then, taken in the locks' own
     * order (no deadlock with another object's filing), so a resend of the object on another connection waits for
     * the outcome instead of finding a copy that could still be lost. Should the force fail, no owner's copy counts
     * as filed (each owner gets a temporary failure; the PF's resend finds what was kept).
     */
    @Override
    public List<Filed> storeAll(List<Filing> filings) {
        SharedForce force = sharedForces.isEmpty() || filings.size() < 2 ? SharedForce.IMMEDIATE
            : sharedForces.get().open();
        if (!force.defers()) {
            // nothing to share (one owner, or a store whose every write is durable on its own): one by one
            return ConversationStore.super.storeAll(filings);
        }
        Iterable<Lock> held = locks.bulkGet(filings.stream().map(f -> lockKey(f.owner(), f.key())).toList());
        List<Lock> taken = new ArrayList<>(filings.size());
        try {
            for (Lock lock : held) {
                lock.lock();
                taken.add(lock);
            }
            List<Filed> outcomes = new ArrayList<>(filings.size());
            for (Filing filing : filings) {
                try {
                    outcomes.add(Filed.of(fileLocked(filing, force)));
                } catch (StorageException e) {
                    outcomes.add(Filed.failed(e));
                } catch (RuntimeException e) {
                    outcomes.add(Filed.failed(new StorageException(String.valueOf(e.getMessage()), e)));
                }
            }
            try {
                force.complete();
            } catch (RuntimeException e) {
                // nothing written with the force may be taken as stored, nor a copy found already there (it may be
                // one of these writes, for an owner named twice): each owner gets a temporary failure, and the PF's
                // resend finds what was kept
                StorageException failure = new StorageException("the owners' copies were not forced to disk: "
                    + e.getMessage(), e);
                outcomes.replaceAll(o -> o.succeeded() ? Filed.failed(failure) : o);
            }
            return outcomes;
        } finally {
            for (int i = taken.size() - 1; i >= 0; i--) {
                taken.get(i).unlock();
            }
        }
    }

    private static String lockKey(String owner, String key) {
        return owner.toLowerCase(Locale.ROOT) + "\n" + key;
    }

    /** Files one copy, its (owner, key) lock held by the caller; appends with {@code force}. */
    private OwnerVerdict.Filed fileLocked(Filing filing, SharedForce force) throws StorageException {
        try {
            try {
                return storeOnce(filing.owner(), filing.folder(), filing.key(), filing.bytes(), filing.flags(), force);
            } catch (MailboxException e) {
                if (!recordedMeanwhile(e)) {
                    throw e;
                }
                // another node stored the object since the key was read: nothing was stored here, look again
                return storeOnce(filing.owner(), filing.folder(), filing.key(), filing.bytes(), filing.flags(), force);
            }
        } catch (MailboxException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    private static boolean recordedMeanwhile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeyAlreadyRecordedException) {
                return true;
            }
        }
        return false;
    }

    /** A missing folder is a failure (the copy was just stored there), a missing message is empty. */
    @Override
    public Optional<StoredCopy> storedCopy(String owner, FolderPath folder, long uid) throws StorageException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            MessageManager mailbox = mailboxManager.getMailbox(mailboxPath(session, folder), session);
            MessageResultIterator it = mailbox.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.MINIMAL, session);
            if (!it.hasNext()) {
                return Optional.empty();
            }
            return Optional.of(new StoredCopy(mailbox.getId().serialize(), it.next().getFlags()));
        } catch (MailboxException e) {
            throw new StorageException(e.getMessage(), e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private OwnerVerdict.Filed storeOnce(String owner, FolderPath folder, String key, byte[] bytes, Flags flags,
                                         SharedForce force) throws MailboxException {
        Optional<CpmStateStore.Recorded> recorded = state.recorded(owner, key);
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            if (recorded.isPresent() && recorded.get().state() == CpmStateStore.State.DONE) {
                Optional<OwnerVerdict.Filed> duplicate = stillStored(session, key, bytes, recorded.get());
                if (duplicate.isPresent()) {
                    return duplicate.get();
                }
            }
            MessageManager mailbox = openOrCreate(session, folder);
            long uidValidity = mailbox.getMailboxEntity().getUidValidity().asLong();
            if (recorded.isPresent()) {
                Optional<MessageUid> found = find(mailbox, session, key, bytes,
                    candidates(recorded.get(), folder, uidValidity));
                if (found.isPresent()) {
                    state.markDone(owner, key, folder.path(), uidValidity, found.get().asLong());
                    return OwnerVerdict.alreadyStored(Optional.of(folder.path()), uidValidity, found.get().asLong());
                }
            }
            if (keysInStore) {
                // the key rides with the append: the store writes it in the message's transaction
                RecordedKey recording = new RecordedKey(owner, key, folder.path(), uidValidity, recorded.isPresent());
                session.getAttributes().put(RecordedKey.SESSION_ATTRIBUTE, recording);
                if (force.defers()) {
                    session.getAttributes().put(SharedForce.SESSION_ATTRIBUTE, force);
                }
                try {
                    return OwnerVerdict.stored(folder.path(), uidValidity, append(mailbox, session, bytes, flags));
                } finally {
                    session.getAttributes().remove(RecordedKey.SESSION_ATTRIBUTE);
                    session.getAttributes().remove(SharedForce.SESSION_ATTRIBUTE);
                }
            }
            state.markPending(owner, key, folder.path(), uidValidity, lastUid(mailbox, session));
            long uid = append(mailbox, session, bytes, flags);
            state.markDone(owner, key, folder.path(), uidValidity, uid);
            return OwnerVerdict.stored(folder.path(), uidValidity, uid);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private static long append(MessageManager mailbox, MailboxSession session, byte[] bytes, Flags flags)
        throws MailboxException {
        MessageManager.AppendResult result = mailbox.appendMessage(MessageManager.AppendCommand.builder()
            .withFlags(new Flags(flags))
            .recent()
            .build(bytes), session);
        return result.getId().getUid().asLong();
    }

    /** The name of a folder as this session spells it (its delimiter joins the components). */
    public static MailboxPath mailboxPath(MailboxSession session, FolderPath folder) {
        return MailboxPath.forUser(session.getUser(), String.join(String.valueOf(session.getPathDelimiter()), folder.components()));
    }

    private MessageManager openOrCreate(MailboxSession session, FolderPath folder) throws MailboxException {
        MailboxPath path = mailboxPath(session, folder);
        try {
            return mailboxManager.getMailbox(path, session);
        } catch (MailboxNotFoundException e) {
            // one creation at a time per owner: concurrent JPA creations of the same levels can stall
            Lock lock = folderCreation.get(session.getUser().asString().toLowerCase(Locale.ROOT));
            lock.lock();
            try {
                return createLevels(session, folder, path);
            } finally {
                lock.unlock();
            }
        }
    }

    private MessageManager createLevels(MailboxSession session, FolderPath folder, MailboxPath path) throws MailboxException {
        {
            for (FolderPath level : folder.selfAndAncestors()) {
                MailboxPath levelPath = mailboxPath(session, level);
                if (Boolean.TRUE.equals(reactor.core.publisher.Mono.from(mailboxManager.mailboxExists(levelPath, session)).block())) {
                    continue;
                }
                try {
                    mailboxManager.createMailbox(levelPath, MailboxManager.CreateOption.CREATE_SUBSCRIPTION, session);
                } catch (MailboxExistsException exists) {
                    // created meanwhile (another delivery, or the user)
                }
            }
            return mailboxManager.getMailbox(path, session);
        }
    }

    /**
     * A DONE key is a duplicate when its object is still in its folder: at the recorded UID, else anywhere in
     * the folder (found by its key). When it is nowhere (its append was lost in a crash, or the user
     * deleted it), the object is stored again: a PF resend never leaves an acknowledged object missing.
     */
    private Optional<OwnerVerdict.Filed> stillStored(MailboxSession session, String key, byte[] bytes,
                                               CpmStateStore.Recorded recorded) throws MailboxException {
        FolderPath folder = new FolderPath(Arrays.asList(recorded.folder().split(String.valueOf(FolderPath.DELIMITER))));
        MessageManager mailbox;
        try {
            mailbox = mailboxManager.getMailbox(mailboxPath(session, folder), session);
        } catch (MailboxNotFoundException e) {
            return Optional.empty();
        }
        long uidValidity = mailbox.getMailboxEntity().getUidValidity().asLong();
        if (uidValidity == recorded.uidValidity()) {
            MessageResultIterator at = mailbox.getMessages(MessageRange.one(MessageUid.of(recorded.uid())),
                FetchGroup.FULL_CONTENT, session);
            if (at.hasNext()) {
                MessageResult stored = at.next();
                if (matches(stored, key, bytes) || insideSessionObject(stored, key)) {
                    return Optional.of(OwnerVerdict.alreadyStored(Optional.of(recorded.folder()), uidValidity, recorded.uid()));
                }
            }
        }
        return find(mailbox, session, key, bytes, MessageRange.all())
            .map(uid -> OwnerVerdict.alreadyStored(Optional.of(recorded.folder()), uidValidity, uid.asLong()));
    }

    /**
     * A session part held under on-completion is recorded against the single session object it became:
     * that object carries the part (and its id) inside its body, not as a top-level header.
     */
    private static boolean insideSessionObject(MessageResult m, String key) throws MailboxException {
        if (key.startsWith("sha256:")) {
            return false;
        }
        String value = key.substring(key.indexOf(':') + 1);
        try (java.io.InputStream content = m.getFullContent().getInputStream()) {
            String text = new String(content.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return text.contains("X-CPM-Session") && text.contains(value);
        } catch (java.io.IOException e) {
            throw new MailboxException("cannot read stored object " + m.getUid(), e);
        }
    }

    private static boolean matches(MessageResult m, String key, byte[] bytes) throws MailboxException {
        if (key.startsWith("sha256:")) {
            return sameContent(m, bytes);
        }
        String header = key.startsWith("imdn:") ? CpmHeaders.IMDN_MESSAGE_ID : CpmHeaders.MESSAGE_ID;
        return hasHeader(m, header, key.substring(key.indexOf(':') + 1));
    }

    /**
     * Where an interrupted append may have left the object: above the folder's last UID recorded with the PENDING key
     * (UIDs only grow), so a crash's recovery reads the few messages appended since rather than the whole
     * conversation; the whole folder when the key was recorded elsewhere or in another UIDVALIDITY.
     */
    private static MessageRange candidates(CpmStateStore.Recorded recorded, FolderPath folder, long uidValidity) {
        if (recorded.state() == CpmStateStore.State.PENDING && recorded.folder().equals(folder.path())
                && recorded.uidValidity() == uidValidity && recorded.uid() > 0) {
            return MessageRange.from(MessageUid.of(recorded.uid() + 1));
        }
        return MessageRange.all();
    }

    /** The folder's last UID handed out so far (0 when none): every message appended from now on is above it. */
    private static long lastUid(MessageManager mailbox, MailboxSession session) throws MailboxException {
        MessageUid next = mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.NextUid)).getUidNext();
        return next.asLong() - 1;
    }

    private Optional<MessageUid> find(MessageManager mailbox, MailboxSession session, String key, byte[] bytes,
                                      MessageRange range) throws MailboxException {
        boolean byContent = key.startsWith("sha256:");
        String header = key.startsWith("imdn:") ? CpmHeaders.IMDN_MESSAGE_ID : CpmHeaders.MESSAGE_ID;
        String value = key.substring(key.indexOf(':') + 1);
        MessageResultIterator it = mailbox.getMessages(range,
            byContent ? FetchGroup.FULL_CONTENT : FetchGroup.HEADERS, session);
        while (it.hasNext()) {
            MessageResult m = it.next();
            if (byContent ? sameContent(m, bytes) : hasHeader(m, header, value)) {
                return Optional.of(m.getUid());
            }
        }
        return Optional.empty();
    }

    private static boolean hasHeader(MessageResult m, String name, String value) throws MailboxException {
        Iterator<Header> headers = m.getHeaders().headers();
        while (headers.hasNext()) {
            Header h = headers.next();
            if (h.getName().equalsIgnoreCase(name) && h.getValue().trim().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameContent(MessageResult m, byte[] bytes) throws MailboxException {
        try (InputStream in = m.getFullContent().getInputStream()) {
            return Arrays.equals(in.readAllBytes(), bytes);
        } catch (IOException e) {
            throw new MailboxException("cannot read a stored message", e);
        }
    }
}

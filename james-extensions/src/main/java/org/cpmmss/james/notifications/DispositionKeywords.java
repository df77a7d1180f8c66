package org.cpmmss.james.notifications;

import java.util.Iterator;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.cpmmss.james.mailbox.conversation.MailboxConversationStore;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.port.StoredMessages;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.pipeline.OwnerFolders;

/**
 * Disposition state as IMAP keywords on stored messages, set through {@link MailboxManager} (so the
 * message's MODSEQ increases and CONDSTORE/QRESYNC clients and IDLE see the change): the adapter of the
 * pipeline's {@link StoredMessages} port.
 */
public class DispositionKeywords implements StoredMessages {

    private final MailboxManager mailboxManager;
    private final CpmStateStore state;

    @Inject
    public DispositionKeywords(MailboxManager mailboxManager, CpmStateStore state) {
        this.mailboxManager = mailboxManager;
        this.state = state;
    }

    @Override
    public Optional<Located> locate(String owner, String imdnMessageId) throws StorageException {
        try {
            return find(owner, imdnMessageId);
        } catch (MailboxException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    @Override
    public boolean add(String owner, Located message, String keyword) throws StorageException {
        try {
            return addKeyword(owner, message, keyword);
        } catch (MailboxException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /** The owner's recorded copy of the message with this IMDN-Message-ID: folder and UID, if still there. */
    private Optional<Located> find(String owner, String imdnMessageId) throws MailboxException {
        Optional<CpmStateStore.Recorded> recorded = state.recorded(owner, "imdn:" + imdnMessageId);
        if (recorded.isEmpty() || recorded.get().state() != CpmStateStore.State.DONE) {
            return Optional.empty();
        }
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            MessageManager mailbox = mailboxManager.getMailbox(
                MailboxConversationStore.mailboxPath(session, OwnerFolders.parse(recorded.get().folder())), session);
            if (mailbox.getMailboxEntity().getUidValidity().asLong() != recorded.get().uidValidity()) {
                return Optional.empty();
            }
            MessageResultIterator it = mailbox.getMessages(MessageRange.one(MessageUid.of(recorded.get().uid())),
                FetchGroup.HEADERS, session);
            if (!it.hasNext()) {
                return Optional.empty();
            }
            MessageResult m = it.next();
            return Optional.of(new Located(recorded.get().folder(), m.getUid().asLong(), header(m, "From"), header(m, "To"),
                header(m, "CPM-Delivery").map(v -> v.equalsIgnoreCase("deferred-handover")).orElse(false)));
        } catch (MailboxNotFoundException e) {
            return Optional.empty();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private boolean addKeyword(String owner, Located message, String keyword) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            MessageManager mailbox = mailboxManager.getMailbox(
                MailboxConversationStore.mailboxPath(session, OwnerFolders.parse(message.folder())), session);
            return !mailbox.setFlags(new Flags(keyword), MessageManager.FlagsUpdateMode.ADD,
                MessageRange.one(MessageUid.of(message.uid())), session).isEmpty();
        } catch (MailboxNotFoundException e) {
            return false;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** The keywords (user flags) of the owner's stored copy. */
    public java.util.List<String> keywordsOf(String owner, Located message) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            MessageManager mailbox = mailboxManager.getMailbox(
                MailboxConversationStore.mailboxPath(session, OwnerFolders.parse(message.folder())), session);
            MessageResultIterator it = mailbox.getMessages(MessageRange.one(MessageUid.of(message.uid())),
                FetchGroup.MINIMAL, session);
            return it.hasNext() ? java.util.List.of(it.next().getFlags().getUserFlags()) : java.util.List.of();
        } catch (MailboxNotFoundException e) {
            return java.util.List.of();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private static Optional<String> header(MessageResult m, String name) throws MailboxException {
        Iterator<Header> headers = m.getHeaders().headers();
        while (headers.hasNext()) {
            Header h = headers.next();
            if (h.getName().equalsIgnoreCase(name)) {
                return Optional.of(h.getValue().trim());
            }
        }
        return Optional.empty();
    }

}

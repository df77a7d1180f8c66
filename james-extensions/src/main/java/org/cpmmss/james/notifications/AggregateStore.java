package org.cpmmss.james.notifications;

import org.cpmmss.recording.port.NotificationStateStore;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MessageRange;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.port.DispositionAggregates;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.james.mailbox.conversation.MailboxConversationStore;
import org.cpmmss.recording.pipeline.OwnerFolders;
import org.cpmmss.recording.verdict.OwnerVerdict;

import com.google.common.util.concurrent.Striped;

/**
 * The aggregate disposition object of one message in its originator's store ({@code cpm.notifications.aggregate},
 * group chats; format in docs/notifications.md), the adapter of the pipeline's {@link DispositionAggregates} port. Each change appends the new object, then flags the previous
 * one {@code \Deleted} and expunges it: a client sees at most one aggregate per message (briefly two, never zero).
 */
public class AggregateStore implements DispositionAggregates {
    public static final String CONTENT_TYPE = "application/vnd.cpm-mss.imdn-aggregate+json";
    public static final String AGGREGATE_HEADER = "CPM-Aggregate-Of";

    private final MailboxManager mailboxManager;
    private final NotificationStateStore state;
    private final Striped<Lock> locks = Striped.lazyWeakLock(256);

    @Inject
    public AggregateStore(MailboxManager mailboxManager, NotificationStateStore state) {
        this.mailboxManager = mailboxManager;
        this.state = state;
    }

    @Override
    public OwnerVerdict.Filed update(String owner, String originatorUri, FolderPath folder, String referencedId,
                               Optional<String> conversationId, Optional<String> contributionId,
                               NotificationStateStore.Entry entry) throws StorageException {
        try {
            return replace(owner, originatorUri, folder, referencedId, conversationId, contributionId, entry);
        } catch (MailboxException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    private OwnerVerdict.Filed replace(String owner, String originatorUri, FolderPath folder, String referencedId,
                                 Optional<String> conversationId, Optional<String> contributionId,
                                 NotificationStateStore.Entry entry) throws MailboxException {
        Lock lock = locks.get(owner.toLowerCase(Locale.ROOT) + "\n" + referencedId);
        lock.lock();
        try {
            boolean changed = state.putEntry(owner, referencedId, entry);
            Optional<NotificationStateStore.AggregateObject> previous = state.aggregateObject(owner, referencedId);
            if (!changed && previous.isPresent()) {
                return OwnerVerdict.alreadyStored(Optional.of(previous.get().folder()), previous.get().uidValidity(),
                    previous.get().uid());
            }
            byte[] bytes = render(originatorUri, referencedId, conversationId, contributionId,
                state.entries(owner, referencedId));
            MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
            try {
                MessageManager mailbox = mailboxManager.getMailbox(MailboxConversationStore.mailboxPath(session, folder), session);
                MessageManager.AppendResult result = mailbox.appendMessage(MessageManager.AppendCommand.builder()
                    .withFlags(new Flags())
                    .recent()
                    .build(bytes), session);
                long uidValidity = mailbox.getMailboxEntity().getUidValidity().asLong();
                long uid = result.getId().getUid().asLong();
                state.setAggregateObject(owner, referencedId,
                    new NotificationStateStore.AggregateObject(folder.path(), uidValidity, uid));
                if (previous.isPresent()) {
                    expunge(session, previous.get());
                }
                return OwnerVerdict.stored(folder.path(), uidValidity, uid);
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        } finally {
            lock.unlock();
        }
    }

    private void expunge(MailboxSession session, NotificationStateStore.AggregateObject old) throws MailboxException {
        MessageManager mailbox;
        try {
            mailbox = mailboxManager.getMailbox(MailboxConversationStore.mailboxPath(session, OwnerFolders.parse(old.folder())), session);
        } catch (MailboxNotFoundException e) {
            return;
        }
        if (mailbox.getMailboxEntity().getUidValidity().asLong() != old.uidValidity()) {
            return;
        }
        MessageRange one = MessageRange.one(MessageUid.of(old.uid()));
        mailbox.setFlags(new Flags(Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD, one, session);
        mailbox.expunge(one, session).forEachRemaining(uid -> { });
    }

    /** The aggregate object: RFC 5322 headers and a JSON body (docs/notifications.md). */
    static byte[] render(String originatorUri, String referencedId, Optional<String> conversationId,
                         Optional<String> contributionId, List<NotificationStateStore.Entry> entries) {
        StringBuilder json = new StringBuilder();
        json.append("{\"message-id\":").append(quote(referencedId)).append(",\"reports\":[");
        boolean first = true;
        for (NotificationStateStore.Entry e : entries) {
            json.append(first ? "" : ",").append("{\"by\":").append(quote(e.reporter()))
                .append(",\"kind\":").append(quote(e.kind()))
                .append(",\"status\":").append(quote(e.status()))
                .append(",\"at\":").append(quote(e.at())).append('}');
            first = false;
        }
        json.append("],\"delivered\":").append(who(entries, "delivered"))
            .append(",\"displayed\":").append(who(entries, "displayed"))
            .append(",\"failed\":").append(whoFailed(entries)).append("}\r\n");
        StringBuilder h = new StringBuilder();
        h.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n")
            .append("From: ").append(originatorUri).append("\r\n")
            .append("To: ").append(originatorUri).append("\r\n");
        conversationId.ifPresent(v -> h.append("Conversation-ID: ").append(v).append("\r\n"));
        contributionId.ifPresent(v -> h.append("Contribution-ID: ").append(v).append("\r\n"));
        h.append(AGGREGATE_HEADER).append(": ").append(referencedId).append("\r\n")
            .append("Message-Direction: received\r\n")
            .append("MIME-Version: 1.0\r\n")
            .append("Content-Type: ").append(CONTENT_TYPE).append("; charset=utf-8\r\n")
            .append("\r\n");
        return (h.toString() + json).getBytes(StandardCharsets.UTF_8);
    }

    private static String who(List<NotificationStateStore.Entry> entries, String status) {
        return "[" + String.join(",", entries.stream().filter(e -> e.status().equals(status))
            .map(e -> quote(e.reporter())).toList()) + "]";
    }

    private static String whoFailed(List<NotificationStateStore.Entry> entries) {
        return "[" + String.join(",", entries.stream()
            .filter(e -> e.kind().equals("delivery") && !e.status().equals("delivered"))
            .map(e -> quote(e.reporter())).toList()) + "]";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

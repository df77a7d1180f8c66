package org.cpmmss.james.store.mailbox;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.Property;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * A stored message as James's {@link MailboxMessage}: metadata from the store's row, bytes read on demand
 * (a header fetch reads only the header blob).
 */
final class NativeMailboxMessage implements MailboxMessage {
    private final StoredMessage stored;
    private final MailboxId mailboxId;
    private final MessageId messageId;
    private final ThreadId threadId;
    private final ContentReader reader;
    private MessageUid uid;
    private ModSeq modSeq;
    private FlagState flags;
    private Optional<Date> saveDate;

    NativeMailboxMessage(StoredMessage stored, MessageIds ids, ContentReader reader) {
        this.stored = stored;
        this.mailboxId = NativeMailboxId.of(stored.folderId());
        this.messageId = ids.messageId(stored.messageId());
        this.threadId = ids.threadId(stored.threadId(), messageId);
        this.reader = reader;
        this.uid = MessageUid.of(stored.uid());
        this.modSeq = ModSeq.of(stored.modSeq());
        this.flags = stored.flags();
        this.saveDate = Optional.of(new Date(stored.saveDate()));
    }

    StoredMessage stored() {
        return stored;
    }

    @Override
    public MessageId getMessageId() {
        return messageId;
    }

    @Override
    public ThreadId getThreadId() {
        return threadId;
    }

    @Override
    public Date getInternalDate() {
        return new Date(stored.internalDate());
    }

    @Override
    public InputStream getHeaderContent() {
        return new ByteArrayInputStream(reader.read(stored.header()));
    }

    @Override
    public InputStream getBodyContent() {
        return new ByteArrayInputStream(reader.read(stored.body()));
    }

    @Override
    public InputStream getFullContent() {
        return new SequenceInputStream(getHeaderContent(), getBodyContent());
    }

    @Override
    public String getMediaType() {
        return stored.mime().mediaType();
    }

    @Override
    public String getSubType() {
        return stored.mime().subType();
    }

    @Override
    public long getBodyOctets() {
        return stored.body().length();
    }

    @Override
    public long getFullContentOctets() {
        return stored.size();
    }

    @Override
    public long getHeaderOctets() {
        return stored.headerLength();
    }

    @Override
    public Long getTextualLineCount() {
        return stored.mime().textualLineCount();
    }

    @Override
    public Properties getProperties() {
        List<Property> properties = stored.mime().properties().stream()
            .map(p -> new Property(p.namespace(), p.name(), p.value())).toList();
        return new Properties(properties, stored.mime().textualLineCount());
    }

    @Override
    public List<MessageAttachmentMetadata> getAttachments() {
        return List.of();
    }

    @Override
    public ComposedMessageIdWithMetaData getComposedMessageIdWithMetaData() {
        return ComposedMessageIdWithMetaData.builder()
            .modSeq(modSeq)
            .flags(createFlags())
            .composedMessageId(new ComposedMessageId(mailboxId, messageId, uid))
            .threadId(threadId)
            .build();
    }

    @Override
    public MailboxId getMailboxId() {
        return mailboxId;
    }

    @Override
    public MessageUid getUid() {
        return uid;
    }

    @Override
    public void setUid(MessageUid uid) {
        this.uid = uid;
    }

    @Override
    public void setModSeq(ModSeq modSeq) {
        this.modSeq = modSeq;
    }

    @Override
    public ModSeq getModSeq() {
        return modSeq;
    }

    @Override
    public boolean isAnswered() {
        return flags.has(FlagState.ANSWERED);
    }

    @Override
    public boolean isDeleted() {
        return flags.has(FlagState.DELETED);
    }

    @Override
    public boolean isDraft() {
        return flags.has(FlagState.DRAFT);
    }

    @Override
    public boolean isFlagged() {
        return flags.has(FlagState.FLAGGED);
    }

    @Override
    public boolean isRecent() {
        return flags.has(FlagState.RECENT);
    }

    @Override
    public boolean isSeen() {
        return flags.has(FlagState.SEEN);
    }

    @Override
    public void setFlags(Flags newFlags) {
        this.flags = FlagsConversion.toState(newFlags);
    }

    @Override
    public void setSaveDate(Date saveDate) {
        this.saveDate = Optional.of(saveDate);
    }

    @Override
    public Flags createFlags() {
        return FlagsConversion.toFlags(flags);
    }

    @Override
    public MailboxMessage copy(Mailbox mailbox) throws MailboxException {
        return SimpleMailboxMessage.copy(mailbox.getMailboxId(), this);
    }

    @Override
    public Optional<Date> getSaveDate() {
        return saveDate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeMailboxMessage other && other.mailboxId.equals(mailboxId) && other.uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return uid.hashCode();
    }

    @Override
    public String toString() {
        return "NativeMailboxMessage{folder=" + mailboxId.serialize() + ", uid=" + uid.asLong() + ", modseq="
            + modSeq.asLong() + "}";
    }
}

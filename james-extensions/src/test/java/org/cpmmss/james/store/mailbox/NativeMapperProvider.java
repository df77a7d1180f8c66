package org.cpmmss.james.store.mailbox;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.lang3.NotImplementedException;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.mail.AttachmentMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.cpmmss.james.store.api.MailStorage;

/** James's {@link MapperProvider} for the contract suites, on one store (embedded or PostgreSQL). */
final class NativeMapperProvider implements MapperProvider {
    private final MailStorage storage;
    private final MessageId.Factory messageIds = new InMemoryMessageId.Factory();

    NativeMapperProvider(MailStorage storage) {
        this.storage = storage;
    }

    @Override
    public List<Capabilities> getSupportedCapabilities() {
        return List.of(Capabilities.MESSAGE, Capabilities.MAILBOX, Capabilities.ANNOTATION, Capabilities.MOVE,
            Capabilities.THREAD_SAFE_FLAGS_UPDATE, Capabilities.INCREMENTAL_APPLICABLE_FLAGS);
    }

    @Override
    public MailboxMapper createMailboxMapper() {
        return new NativeMailboxMapper(storage.folders());
    }

    @Override
    public MessageMapper createMessageMapper() {
        return new NativeMessageMapper(storage, messageIds);
    }

    @Override
    public MessageIdMapper createMessageIdMapper() {
        throw new NotImplementedException("not supported");
    }

    @Override
    public AttachmentMapper createAttachmentMapper() {
        throw new NotImplementedException("not supported");
    }

    @Override
    public MailboxId generateId() {
        return NativeMailboxId.of(Math.abs(ThreadLocalRandom.current().nextInt()));
    }

    @Override
    public MessageUid generateMessageUid() {
        throw new NotImplementedException("not supported");
    }

    @Override
    public ModSeq generateModSeq(Mailbox mailbox) {
        return new NativeModSeqProvider(storage).nextModSeq(mailbox);
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) {
        return new NativeModSeqProvider(storage).highestModSeq(mailbox);
    }

    @Override
    public boolean supportPartialAttachmentFetch() {
        return false;
    }

    @Override
    public MessageId generateMessageId() {
        return messageIds.generate();
    }
}

package org.cpmmss.james.store.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.cpmmss.james.store.api.MimeProperty;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.NewMessage;

/** Turns a James {@link MailboxMessage} (or a message the native append read, {@link IncomingMessage}) to append into the store's {@link NewMessage} (header and body split). */
final class MessageConversion {
    private MessageConversion() {
    }

    static NewMessage toNewMessage(MailboxMessage message, Flags flags, MessageIds ids) throws MailboxException {
        byte[] full;
        try (InputStream in = message.getFullContent()) {
            full = in.readAllBytes();
        } catch (IOException e) {
            throw new MailboxException("cannot read the message to store", e);
        }
        long headerLength = Math.max(0, Math.min(full.length, message.getFullContentOctets() - message.getBodyOctets()));
        int split = (int) headerLength;
        Properties properties = message.getProperties();
        List<MimeProperty> mime = properties.toProperties().stream()
            .map(p -> new MimeProperty(p.getNamespace(), p.getLocalName(), p.getValue())).toList();
        MimeSummary summary = new MimeSummary(message.getMediaType(), message.getSubType(),
            message.getTextualLineCount(), mime);
        return new NewMessage(Arrays.copyOfRange(full, 0, split), Arrays.copyOfRange(full, split, full.length),
            FlagsConversion.toState(flags), message.getInternalDate().getTime(), ids.text(message.getMessageId()),
            ids.text(message.getThreadId()), summary);
    }

    /** A message the native append read once: its bytes split where its header ends, its summary as read. */
    static NewMessage toNewMessage(IncomingMessage message, Flags flags, Date internalDate, MessageId messageId,
                                   ThreadId threadId, MessageIds ids) {
        byte[] full = message.bytes();
        int split = message.headerLength();
        return new NewMessage(Arrays.copyOfRange(full, 0, split), Arrays.copyOfRange(full, split, full.length),
            FlagsConversion.toState(flags), internalDate.getTime(), ids.text(messageId), ids.text(threadId),
            message.summary());
    }
}

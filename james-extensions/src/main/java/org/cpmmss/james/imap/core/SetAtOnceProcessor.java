package org.cpmmss.james.imap.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.api.MetricFactory;

/**
 * A processor of our own that works on a command's whole message set at once (COPY, STORE): the set converted to
 * ranges as James's processor converts it, range by range, or nothing when one range does not convert — such a set
 * is left to James's processor, which acts on the ranges before the bad one and then answers BAD.
 */
public abstract class SetAtOnceProcessor<R extends ImapRequest> extends AbstractMailboxProcessor<R> {
    protected SetAtOnceProcessor(Class<R> acceptableClass, MailboxManager mailboxManager, StatusResponseFactory factory,
                                 MetricFactory metrics) {
        super(acceptableClass, mailboxManager, factory, metrics);
    }

    /** The set's ranges as James's processor converts them; empty when one does not convert. */
    protected Optional<List<MessageRange>> ranges(SelectedMailbox selected, IdRange[] set, boolean useUids) {
        List<MessageRange> ranges = new ArrayList<>(set.length);
        try {
            for (IdRange range : set) {
                Optional<MessageRange> converted = messageRange(selected, range, useUids);
                if (converted.isEmpty()) {
                    return Optional.empty();
                }
                ranges.add(converted.get());
            }
        } catch (MessageRangeException e) {
            return Optional.empty();
        }
        return Optional.of(ranges);
    }
}

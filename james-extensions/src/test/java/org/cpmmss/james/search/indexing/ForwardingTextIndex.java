package org.cpmmss.james.search.indexing;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.search.text.SortKeys;
import org.cpmmss.james.search.text.TextIndex;

/** A {@link TextIndex} that hands every call to a real one; tests override the calls they observe. */
class ForwardingTextIndex implements TextIndex {
    final TextIndex delegate;

    ForwardingTextIndex(TextIndex delegate) {
        this.delegate = delegate;
    }

    @Override
    public void add(MailboxMessage message) throws IOException {
        delegate.add(message);
    }

    @Override
    public void add(MailboxMessage message, byte[] content) throws IOException {
        delegate.add(message, content);
    }

    @Override
    public void delete(MailboxId mailboxId, Collection<MessageUid> uids) throws IOException {
        delegate.delete(mailboxId, uids);
    }

    @Override
    public void deleteAll(MailboxId mailboxId) throws IOException {
        delegate.deleteAll(mailboxId);
    }

    @Override
    public void setMark(MailboxId mailboxId, long uid) throws IOException {
        delegate.setMark(mailboxId, uid);
    }

    @Override
    public void dropMark(MailboxId mailboxId) throws IOException {
        delegate.dropMark(mailboxId);
    }

    @Override
    public Map<String, Long> marks() throws IOException {
        return delegate.marks();
    }

    @Override
    public void commit() throws IOException {
        delegate.commit();
    }

    @Override
    public Optional<Set<MessageUid>> uids(MailboxId mailboxId, Criterion criterion) throws IOException {
        return delegate.uids(mailboxId, criterion);
    }

    @Override
    public Map<MessageUid, SortKeys> sortKeys(MailboxId mailboxId, Set<MessageUid> wanted) throws IOException {
        return delegate.sortKeys(mailboxId, wanted);
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public OptionalLong sharedMark(MailboxId mailboxId) throws IOException {
        return delegate.sharedMark(mailboxId);
    }
}

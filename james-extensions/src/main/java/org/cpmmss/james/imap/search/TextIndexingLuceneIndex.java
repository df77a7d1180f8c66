package org.cpmmss.james.imap.search;

import java.io.IOException;
import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.store.Directory;
import org.cpmmss.james.imap.search.text.TextIndex;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * James's Lucene index (with {@link SessionRecentLuceneIndex}'s \Recent handling) that also keeps the project's
 * {@link TextIndex} up to date: every message added, expunged or dropped with its folder, in the same calls, and
 * every commit commits both. So James's re-indexing, the crash recovery and the commit loop of
 * {@code SearchIndexDurability} cover the text index too.
 */
public class TextIndexingLuceneIndex extends SessionRecentLuceneIndex {
    private static final Logger LOGGER = LoggerFactory.getLogger(TextIndexingLuceneIndex.class);
    private final TextIndex textIndex;

    @Inject
    public TextIndexingLuceneIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory,
                                   Directory directory, MessageId.Factory messageIdFactory,
                                   SessionProvider sessionProvider, TextIndex textIndex) throws IOException {
        super(factory, mailboxIdFactory, directory, messageIdFactory, sessionProvider);
        this.textIndex = textIndex;
    }

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        return super.add(session, mailbox, message)
            .then(Mono.fromRunnable(() -> addText(message)));
    }

    /**
     * Never fails the event: James's document is already written, and a retried event would add it twice. A
     * message that cannot be read is logged (it stays searchable by James's criteria); a failed write makes the
     * next commit fail, after which every mailbox is re-indexed once commits succeed (SearchIndexDurability).
     */
    private void addText(MailboxMessage message) {
        try {
            textIndex.add(message);
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Text index: message {} of mailbox {} not indexed: {}", message.getUid().asLong(),
                message.getMailboxId().serialize(), e.toString());
        }
    }

    @Override
    public Mono<Void> delete(MailboxSession session, MailboxId mailboxId, Collection<MessageUid> expungedUids) {
        return super.delete(session, mailboxId, expungedUids)
            .then(Mono.fromCallable(() -> {
                textIndex.delete(mailboxId, expungedUids);
                return true;
            }))
            .then();
    }

    @Override
    public Mono<Void> deleteAll(MailboxSession session, MailboxId mailboxId) {
        return super.deleteAll(session, mailboxId)
            .then(Mono.fromCallable(() -> {
                textIndex.deleteAll(mailboxId);
                return true;
            }))
            .then();
    }

    @Override
    public void commit() throws IOException {
        super.commit();
        textIndex.commit();
    }
}

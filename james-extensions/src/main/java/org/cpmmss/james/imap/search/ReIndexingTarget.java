package org.cpmmss.james.imap.search;

import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.james.search.indexing.SearchIndexingListener;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.Flags;

import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.UnsupportedSearchException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.cpmmss.james.imap.search.RoutingSearchIndex;
import org.cpmmss.james.search.text.TextIndex;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The search index as James's re-indexing sees it ({@code ReIndexer}: WebAdmin's {@code POST /mailboxes?task=reIndex},
 * and the re-indexing after failed commits): every message it hands over is written to the {@link TextIndex}.
 * It is not an event-bus listener (appends reach the index through {@link SearchIndexingListener} and
 * {@link SearchIndexer}); flags are not indexed (searched in the store's metadata), so flag updates need nothing.
 */
public class ReIndexingTarget extends ListeningMessageSearchIndex {
    /** Never registered on the event bus; a group only because James's listener type requires one. */
    public static class ReIndexingTargetGroup extends Group {
    }

    private static final Group GROUP = new ReIndexingTargetGroup();

    private final TextIndex index;
    private final Provider<RoutingSearchIndex> searches;

    @Inject
    public ReIndexingTarget(MailboxSessionMapperFactory factory, SessionProvider sessionProvider, TextIndex index,
                            Provider<RoutingSearchIndex> searches) {
        super(factory, Set.of(), sessionProvider);
        this.index = index;
        this.searches = searches;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    protected Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        return searches.get().search(session, mailbox, searchQuery);
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery searchQuery, long limit)
        throws MailboxException {
        throw new UnsupportedSearchException();
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return searches.get().getSupportedCapabilities(messageCapabilities);
    }

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        return Mono.fromCallable(() -> {
            index.add(message);
            return true;
        }).then();
    }

    @Override
    public Mono<Void> delete(MailboxSession session, MailboxId mailboxId, Collection<MessageUid> expungedUids) {
        return Mono.fromCallable(() -> {
            index.delete(mailboxId, expungedUids);
            return true;
        }).then();
    }

    @Override
    public Mono<Void> deleteAll(MailboxSession session, MailboxId mailboxId) {
        return Mono.fromCallable(() -> {
            index.deleteAll(mailboxId);
            return true;
        }).then();
    }

    @Override
    public Mono<Void> update(MailboxSession session, MailboxId mailboxId, List<UpdatedFlags> updatedFlagsList) {
        return Mono.empty();
    }

    @Override
    public Mono<Flags> retrieveIndexedFlags(Mailbox mailbox, MessageUid uid) {
        return Mono.empty();
    }
}

package org.cpmmss.james.search.indexing;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.Expunged;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;

import reactor.core.publisher.Mono;

/**
 * The mailbox event-bus listener of the search index. Synchronous, so that an appended message's folder is known
 * to be pending before the append is acknowledged (a search that follows catches it up), but it only records the
 * event: indexing happens later, in {@link SearchIndexer}'s batches. Expunged messages' documents are removed at
 * once (a term delete, no reading); flag changes need nothing (flags are searched in the store's metadata).
 */
public class SearchIndexingListener implements EventListener.ReactiveGroupEventListener {
    /** The listener's group on the event bus. */
    public static class SearchIndexingGroup extends Group {
    }

    private static final Group GROUP = new SearchIndexingGroup();
    private static final List<Class<? extends Event>> HANDLED = List.of(Added.class, Expunged.class, MailboxDeletion.class);

    private final SearchIndexer indexer;

    @Inject
    public SearchIndexingListener(SearchIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return HANDLED.contains(event.getClass());
    }

    @Override
    public Mono<Void> reactiveEvent(Event event) {
        return Mono.fromCallable(() -> {
            if (event instanceof Added added) {
                indexer.added(added.getMailboxId(), added.getUsername(), added.getUids());
            } else if (event instanceof Expunged expunged) {
                indexer.expunged(expunged.getMailboxId(), expunged.getUids());
            } else if (event instanceof MailboxDeletion deletion) {
                indexer.deleted(deletion.getMailboxId());
            }
            return true;
        }).then();
    }
}

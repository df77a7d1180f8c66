package org.cpmmss.james.notifications;

import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.pipeline.DispositionKeyword;
import org.cpmmss.recording.port.StoredMessages;
import org.cpmmss.recording.port.NotificationStateStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.mailbox.exception.MailboxException;

/**
 * The disposition state of one message in one user's store, for the HTTP API (docs/http-api.md): the stored copy's
 * folder, UID and keywords (ticks), who reported delivery and display (the same lists as the IMAP aggregate
 * object), the aggregate object when there is one, and ticks still pending.
 */
public class DispositionView {
    private final DispositionKeywords keywords;
    private final NotificationStateStore state;

    @Inject
    public DispositionView(DispositionKeywords keywords, NotificationStateStore state) {
        this.keywords = keywords;
        this.state = state;
    }

    /** The view, or empty when this user's store knows nothing of the message. */
    public Optional<Map<String, Object>> of(String owner, String imdnMessageId) throws MailboxException, StorageException {
        Optional<StoredMessages.Located> copy = keywords.locate(owner, imdnMessageId);
        List<NotificationStateStore.Entry> entries = state.entries(owner, imdnMessageId);
        List<String> pending = state.pendingTicks(owner).stream()
            .filter(t -> t.referencedId().equals(imdnMessageId)).map(NotificationStateStore.PendingTick::keyword).toList();
        if (copy.isEmpty() && entries.isEmpty() && pending.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("messageId", imdnMessageId);
        view.put("user", owner);
        if (copy.isPresent()) {
            Map<String, Object> stored = new LinkedHashMap<>();
            stored.put("folder", copy.get().folder());
            stored.put("uid", copy.get().uid());
            stored.put("keywords", keywords.keywordsOf(owner, copy.get()).stream()
                .filter(k -> k.equals(DispositionKeyword.DELIVERED) || k.equals(DispositionKeyword.DISPLAYED)
                    || k.equals(DispositionKeyword.DELIVERY_FAILED) || k.equals(DispositionKeyword.READ_REPORT_SENT))
                .sorted().toList());
            view.put("stored", stored);
        } else {
            view.put("stored", null);
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        List<String> displayed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (NotificationStateStore.Entry e : entries) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("by", e.reporter());
            r.put("kind", e.kind());
            r.put("status", e.status());
            r.put("at", e.at());
            reports.add(r);
            if (e.kind().equals("delivery") && e.status().equals("delivered")) {
                delivered.add(e.reporter());
            } else if (e.kind().equals("delivery")) {
                failed.add(e.reporter());
            } else if (e.status().equals("displayed")) {
                displayed.add(e.reporter());
            }
        }
        view.put("reports", reports);
        view.put("delivered", delivered);
        view.put("displayed", displayed);
        view.put("failed", failed);
        state.aggregateObject(owner, imdnMessageId).ifPresent(a -> view.put("aggregate",
            Map.of("folder", a.folder(), "uid", a.uid())));
        view.put("pendingTicks", pending);
        return Optional.of(view);
    }
}

package org.cpmmss.recording.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.DispositionAggregates;
import org.cpmmss.recording.port.DispositionTicks;
import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationRoute;
import org.cpmmss.recording.port.NotificationStateStore;
import org.cpmmss.recording.port.PipelineMetrics;
import org.cpmmss.recording.port.QueuedMessageListener;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.port.StoredMessages;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.PreferenceValues;
import org.cpmmss.recording.verdict.OwnerVerdict;

/** Small in-memory implementations of the pipeline's ports, for the steps' unit tests. */
final class Fakes {
    private Fakes() {
    }

    /** {@link UserPreferences}: the entries each account has set; everything else is the policy's default. */
    static final class Preferences implements UserPreferences {
        private final CpmPolicy policy;
        private final Map<String, Map<CpmPreference, String>> entries = new HashMap<>();
        private boolean failing;

        Preferences(CpmPolicy policy) {
            this.policy = policy;
        }

        Preferences set(String account, CpmPreference preference, String value) {
            entries.computeIfAbsent(account.toLowerCase(Locale.ROOT), a -> new EnumMap<>(CpmPreference.class))
                .put(preference, value);
            return this;
        }

        void fail() {
            failing = true;
        }

        @Override
        public PreferenceValues read(String account) throws StorageException {
            if (failing) {
                throw new StorageException("preferences unavailable");
            }
            return PreferenceValues.of(entries.getOrDefault(account.toLowerCase(Locale.ROOT), Map.of()),
                policy::preferenceDefault);
        }
    }

    /** {@link DeferredQueue}: entries in a list, one per (owner, object key). */
    static final class Queue implements DeferredQueue {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public Added add(NewEntry e) {
            for (Entry existing : entries) {
                if (existing.owner().equalsIgnoreCase(e.owner()) && existing.objectKey().equals(e.objectKey())) {
                    return new Added(existing.id(), false);
                }
            }
            Entry entry = new Entry(entries.size() + 1, e.owner(), e.objectKey(), e.originatorUri(), e.recipientUri(),
                e.subject(), e.date(), e.conversationId(), e.contributionId(), e.imdnMessageId(), e.object(),
                Instant.EPOCH, e.expires(), State.QUEUED);
            entries.add(entry);
            return new Added(entry.id(), true);
        }

        @Override
        public List<Entry> list(String owner) {
            return entries.stream().filter(e -> e.owner().equalsIgnoreCase(owner)).toList();
        }

        @Override
        public List<Entry> pending(String owner, Instant now) {
            return list(owner);
        }

        @Override
        public Optional<Entry> get(long id) {
            return entries.stream().filter(e -> e.id() == id).findFirst();
        }

        @Override
        public boolean setState(long id, State state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(long id) {
            return entries.removeIf(e -> e.id() == id);
        }

        @Override
        public List<Entry> expired(Instant now, int limit) {
            return List.of();
        }
    }

    /** {@link QueuedMessageListener} remembering who was told. */
    static final class QueuedListener implements QueuedMessageListener {
        final List<String> told = new ArrayList<>();

        @Override
        public void queued(String owner, PreferenceValues preferences) {
            told.add(owner + ":" + preferences.deferredDelivery());
        }
    }

    /** {@link ExpiryIndex} in a list. */
    static final class Expiries implements ExpiryIndex {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public void put(Entry entry) {
            remove(entry.mailboxId(), entry.uid());
            entries.add(entry);
        }

        @Override
        public long size() {
            return entries.size();
        }

        @Override
        public void remove(String mailboxId, long uid) {
            entries.removeIf(e -> e.mailboxId().equals(mailboxId) && e.uid() == uid);
        }

        @Override
        public List<Entry> expired(Instant now, int limit) {
            return entries.stream().filter(e -> !e.expiresAt().isAfter(now)).limit(limit).toList();
        }

        @Override
        public boolean contains(String mailboxId, long uid) {
            return entries.stream().anyMatch(e -> e.mailboxId().equals(mailboxId) && e.uid() == uid);
        }
    }

    /** {@link NotificationRoute} remembering what the pipeline asked to send. */
    static final class Route implements NotificationRoute {
        final List<String> sent = new ArrayList<>();

        @Override
        public void delivered(CpmInspection object, String messageId, MailAddress recipient) {
            sent.add("delivered " + messageId + " to " + recipient.asString());
        }

        @Override
        public void failed(byte[] message, String recipient, String reason) {
            sent.add("failed for " + recipient + ": " + reason);
        }

        @Override
        public void lateGroupNotification(String key, byte[] notification, CpmAddress originator) {
            sent.add("late " + key + " to " + originator.uri());
        }
    }

    /** {@link PipelineMetrics} counting in a map. */
    static final class Metrics implements PipelineMetrics {
        final Map<String, Integer> counts = new HashMap<>();

        @Override
        public void increment(String metric) {
            counts.merge(metric, 1, Integer::sum);
        }
    }

    /** {@link NotificationStateStore} in maps. */
    static final class NotificationState implements NotificationStateStore {
        private final Map<String, String> claims = new HashMap<>();
        private final Map<String, List<Entry>> entries = new HashMap<>();
        private final Map<String, AggregateObject> aggregates = new HashMap<>();
        final List<PendingTick> ticks = new ArrayList<>();

        @Override
        public Claim claim(String referencedId, String reporter, String kind, String notificationKey) {
            String winner = claims.putIfAbsent(referencedId + "\n" + reporter + "\n" + kind, notificationKey);
            return winner == null ? Claim.FIRST : winner.equals(notificationKey) ? Claim.SAME : Claim.SUPPRESSED;
        }

        @Override
        public boolean putEntry(String owner, String referencedId, Entry entry) {
            List<Entry> list = entries.computeIfAbsent(owner + "\n" + referencedId, k -> new ArrayList<>());
            if (list.contains(entry)) {
                return false;
            }
            list.removeIf(e -> e.reporter().equals(entry.reporter()) && e.kind().equals(entry.kind()));
            list.add(entry);
            return true;
        }

        @Override
        public List<Entry> entries(String owner, String referencedId) {
            return List.copyOf(entries.getOrDefault(owner + "\n" + referencedId, List.of()));
        }

        @Override
        public Optional<AggregateObject> aggregateObject(String owner, String referencedId) {
            return Optional.ofNullable(aggregates.get(owner + "\n" + referencedId));
        }

        @Override
        public void setAggregateObject(String owner, String referencedId, AggregateObject object) {
            aggregates.put(owner + "\n" + referencedId, object);
        }

        @Override
        public void addPendingTick(PendingTick tick) {
            ticks.add(tick);
        }

        @Override
        public List<PendingTick> pendingTicks(String owner) {
            return ticks.stream().filter(t -> t.owner().equals(owner)).toList();
        }

        @Override
        public void removePendingTick(PendingTick tick) {
            ticks.remove(tick);
        }

        @Override
        public Set<String> ownersWithPendingTicks() {
            Set<String> owners = new HashSet<>();
            ticks.forEach(t -> owners.add(t.owner()));
            return owners;
        }
    }

    /**
     * {@link StoredMessages}, {@link DispositionTicks} and {@link DispositionAggregates} over one
     * {@link InMemoryConversationStore}: a message is found by its {@code IMDN-Message-ID} header.
     */
    static final class Messages implements StoredMessages, DispositionTicks, DispositionAggregates {
        private final InMemoryConversationStore store;
        final List<String> pending = new ArrayList<>();
        final List<String> aggregated = new ArrayList<>();

        Messages(InMemoryConversationStore store) {
            this.store = store;
        }

        @Override
        public Optional<Located> locate(String owner, String imdnMessageId) {
            return store.of(owner).stream().filter(m -> header(m, "IMDN-Message-ID").equals(Optional.of(imdnMessageId)))
                .findFirst().map(m -> new Located(m.folder(), m.uid(), header(m, "From"), header(m, "To"),
                    header(m, "CPM-Delivery").map(v -> v.equalsIgnoreCase("deferred-handover")).orElse(false)));
        }

        @Override
        public boolean add(String owner, Located message, String keyword) {
            return store.of(owner).stream().filter(m -> m.uid() == message.uid()).findFirst()
                .map(m -> {
                    m.flags().add(keyword);
                    return true;
                }).orElse(false);
        }

        @Override
        public boolean tickOrKeep(String owner, String referencedId, String keyword) {
            Optional<Located> copy = locate(owner, referencedId);
            if (copy.isPresent() && add(owner, copy.get(), keyword)) {
                return true;
            }
            pending.add(owner + " " + referencedId + " " + keyword);
            return false;
        }

        @Override
        public OwnerVerdict.Filed update(String owner, String originatorUri, FolderPath folder, String referencedId,
                                   Optional<String> conversationId, Optional<String> contributionId,
                                   NotificationStateStore.Entry entry) {
            aggregated.add(owner + " " + referencedId + " " + entry.reporter() + " " + entry.status());
            return new OwnerVerdict.Stored(folder.path(), 1, 1000 + aggregated.size());
        }

        private static Optional<String> header(InMemoryConversationStore.Stored m, String name) {
            for (String line : m.text().split("\r?\n")) {
                if (line.isEmpty()) {
                    return Optional.empty();
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }
    }
}

package org.cpmmss.james.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.james.search.ConversationSearchIndex;

/**
 * Read side of a user's history, through James's MailboxManager only: conversations (the folders under
 * the CPM root), pages of a conversation's objects, one object (decoded or raw) and full-text search
 * through the mailbox search index (Lucene).
 */
public class HistoryService {
    static final int PARTICIPANT_WINDOW = 20;
    static final int MAX_PAGE = 500;

    private final MailboxManager mailboxManager;
    private final CpmHttpSettings settings;
    private final ConversationSearchIndex index;
    private final CpmAddressNormalizer normalizer;
    private final SearchIndexer indexer;

    @Inject
    public HistoryService(MailboxManager mailboxManager, CpmHttpSettings settings, ConversationSearchIndex index,
                          CpmAddressNormalizer normalizer, SearchIndexer indexer) {
        this.normalizer = normalizer;
        this.indexer = indexer;
        this.mailboxManager = mailboxManager;
        this.settings = settings;
        this.index = index;
    }

    /** Search filters; empty members do not filter. */
    public record SearchFilter(Optional<String> text, Optional<String> folder, Optional<String> participant,
                               Optional<Instant> since, Optional<Instant> until, Optional<CpmObjectType> type) {
    }

    private interface SessionWork<T> {
        T run(MailboxSession session) throws MailboxException, IOException;
    }

    private <T> T withSession(Username user, SessionWork<T> work) throws MailboxException, IOException {
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            return work.run(session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** The user's conversation folders (folders under the CPM root holding at least one object). */
    private List<MailboxMetaData> conversationFolders(MailboxSession session) {
        String root = settings.folderRoot();
        char delimiter = session.getPathDelimiter();
        List<MailboxMetaData> folders = mailboxManager
            .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                MailboxManager.MailboxSearchFetchType.Counters, session)
            .collectList().block();
        List<MailboxMetaData> result = new ArrayList<>();
        for (MailboxMetaData folder : folders == null ? List.<MailboxMetaData>of() : folders) {
            String name = folder.getPath().getName();
            boolean underRoot = name.startsWith(root + "/") || name.startsWith(root + delimiter);
            if (underRoot && folder.getCounters().getCount() > 0) {
                result.add(folder);
            }
        }
        result.sort(Comparator.comparing(f -> f.getPath().getName()));
        return result;
    }

    public Map<String, Object> conversations(Username user, int offset, int limit) throws MailboxException, IOException {
        return withSession(user, session -> {
            List<MailboxMetaData> folders = conversationFolders(session);
            List<Map<String, Object>> items = new ArrayList<>();
            for (MailboxMetaData folder : folders.subList(Math.min(offset, folders.size()), Math.min(folders.size(), offset + limit))) {
                MessageManager mailbox = mailboxManager.getMailbox(folder.getPath(), session);
                MessageManager.MailboxMetaData meta = mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE,
                    session, MessageManager.MailboxMetaData.FetchGroup.UNSEEN_COUNT);
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("folder", folder.getPath().getName());
                item.put("uidValidity", meta.getUidValidity().asLong());
                item.put("messages", folder.getCounters().getCount());
                item.put("unseen", folder.getCounters().getUnseen());
                long next = meta.getUidNext().asLong();
                Instant lastActivity = null;
                Set<String> participants = new LinkedHashSet<>();
                MessageRange window = MessageRange.range(MessageUid.of(Math.max(1, next - PARTICIPANT_WINDOW)), MessageUid.of(Math.max(1, next - 1)));
                MessageResultIterator results = mailbox.getMessages(window, FetchGroup.HEADERS, session);
                while (results.hasNext()) {
                    MessageResult result = results.next();
                    Instant date = result.getInternalDate().toInstant();
                    lastActivity = lastActivity == null || date.isAfter(lastActivity) ? date : lastActivity;
                    collectParticipants(result, participants);
                }
                item.put("lastActivity", lastActivity == null ? null : lastActivity.toString());
                item.put("participants", List.copyOf(participants));
                items.add(item);
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("user", user.asString());
            page.put("total", folders.size());
            page.put("offset", offset);
            page.put("conversations", items);
            return page;
        });
    }

    private void collectParticipants(MessageResult result, Set<String> participants) {
        try (InputStream headers = result.getHeaders().getInputStream()) {
            StoredObject object = StoredObject.parse(headers.readAllBytes());
            object.headers().from().ifPresent(v -> addAddresses(v, participants));
            object.headers().to().ifPresent(v -> addAddresses(v, participants));
        } catch (IOException | MailboxException | CpmFormatException e) {
            // an unreadable object contributes no participant
        }
    }

    private void addAddresses(String value, Set<String> participants) {
        for (String part : value.split(",")) {
            try {
                var address = normalizer.normalize(part);
                if (!address.isAnonymous()) {
                    participants.add(address.uri());
                }
            } catch (CpmFormatException e) {
                if (!part.isBlank()) {
                    participants.add(part.trim());
                }
            }
        }
    }

    private MessageManager folder(MailboxSession session, Username user, String folder) throws MailboxException {
        try {
            return mailboxManager.getMailbox(MailboxPath.forUser(user, folder), session);
        } catch (MailboxNotFoundException e) {
            throw ApiProblem.notFound("User " + user.asString() + " has no folder '" + folder + "'.");
        }
    }

    /** Objects of one folder in UID order, starting after {@code afterUid}. */
    public Map<String, Object> objects(Username user, String folder, long afterUid, int limit) throws MailboxException, IOException {
        return withSession(user, session -> {
            MessageManager mailbox = folder(session, user, folder);
            MessageManager.MailboxMetaData meta = mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE,
                session, MessageManager.MailboxMetaData.FetchGroup.NO_UNSEEN);
            List<Map<String, Object>> items = new ArrayList<>();
            long last = afterUid;
            boolean more = false;
            MessageResultIterator results = mailbox.getMessages(MessageRange.from(MessageUid.of(afterUid + 1)), FetchGroup.FULL_CONTENT, session);
            while (results.hasNext()) {
                MessageResult result = results.next();
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(ObjectView.full(folder, result.getUid().asLong(), result.getInternalDate(), result.getSize(),
                    result.getFlags(), readAll(result)));
                last = result.getUid().asLong();
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("user", user.asString());
            page.put("folder", folder);
            page.put("uidValidity", meta.getUidValidity().asLong());
            page.put("messages", meta.getMessageCount());
            page.put("objects", items);
            page.put("nextAfter", more ? last : null);
            return page;
        });
    }

    /** One object; {@code raw} selects the exact stored bytes instead of the JSON view. */
    public Object object(Username user, String folder, long uid, boolean raw) throws MailboxException, IOException {
        return withSession(user, session -> {
            MessageManager mailbox = folder(session, user, folder);
            MessageResultIterator results = mailbox.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.FULL_CONTENT, session);
            if (!results.hasNext()) {
                throw ApiProblem.notFound("No object with UID " + uid + " in folder '" + folder + "' of " + user.asString() + ".");
            }
            MessageResult result = results.next();
            byte[] bytes = readAll(result);
            if (raw) {
                return bytes;
            }
            return ObjectView.full(folder, uid, result.getInternalDate(), result.getSize(), result.getFlags(), bytes);
        });
    }

    private static byte[] readAll(MessageResult result) throws MailboxException, IOException {
        try (InputStream in = result.getFullContent().getInputStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * Full-text search through the index: one index query over the searched folders (the given one, or every
     * conversation folder of the user) that keeps only the newest matches; newest first by arrival time;
     * {@code offset}/{@code limit} page over the matches that also pass the type and participant filters
     * (those need the stored object, so the index is asked for more hits until the page is full).
     */
    public Map<String, Object> search(Username user, SearchFilter filter, int offset, int limit) throws MailboxException, IOException {
        return withSession(user, session -> {
            List<String> words = new ArrayList<>();
            filter.text().ifPresent(text -> {
                for (String word : text.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            });
            Map<String, MessageManager> folders = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            List<MailboxId> ids = new ArrayList<>();
            if (filter.folder().isPresent()) {
                MessageManager mailbox = folder(session, user, filter.folder().get());
                folders.put(indexKey(mailbox.getId()), mailbox);
                names.put(indexKey(mailbox.getId()), filter.folder().get());
                ids.add(mailbox.getId());
            } else {
                for (MailboxMetaData folder : conversationFolderList(session)) {
                    names.put(indexKey(folder.getId()), folder.getPath().getName());
                    ids.add(folder.getId());
                }
            }
            boolean filtered = filter.type().isPresent() || filter.participant().isPresent();
            // a hit's type is classified from its payload, as in the objects listing; the whole object is read once
            Predicate<MessageResult> ofParticipant = filter.participant().isEmpty() ? r -> true
                : participantFilter(filter.participant().get());
            FetchGroup fetchGroup = FetchGroup.FULL_CONTENT;

            int wanted = offset + limit + 1;
            int asked = filtered ? Math.max(wanted * 2, 64) : wanted;
            List<Map<String, Object>> accepted = new ArrayList<>();
            int examined = 0;
            // read-your-writes: the searched folders' messages not indexed yet are indexed first
            indexer.catchUp(ids);
            while (true) {
                ConversationSearchIndex.Hits found = index.newest(ids, words, filter.since(), filter.until(), asked);
                List<ConversationSearchIndex.Hit> hits = found.hits();
                for (; examined < hits.size() && accepted.size() < wanted; examined++) {
                    ConversationSearchIndex.Hit hit = hits.get(examined);
                    String name = names.get(hit.mailboxId());
                    if (name == null) {
                        continue;
                    }
                    MessageManager mailbox = folders.get(hit.mailboxId());
                    if (mailbox == null) {
                        mailbox = mailboxManager.getMailbox(MailboxPath.forUser(user, name), session);
                        folders.put(hit.mailboxId(), mailbox);
                    }
                    MessageResultIterator it = mailbox.getMessages(MessageRange.one(hit.uid()), fetchGroup, session);
                    if (it.hasNext()) {
                        MessageResult result = it.next();
                        byte[] raw = filter.type().isPresent() ? fullBytes(result) : null;
                        if ((raw == null || ObjectView.type(raw).equals(filter.type())) && ofParticipant.test(result)) {
                            accepted.add(ObjectView.summary(name, result.getUid().asLong(), result.getInternalDate(),
                                result.getSize(), result.getFlags(), raw != null ? raw : fullBytes(result)));
                        }
                    }
                }
                boolean exhausted = hits.size() >= found.totalMatches() || hits.size() < asked;
                if (accepted.size() >= wanted || exhausted) {
                    break;
                }
                asked = asked * 4;
            }
            boolean more = accepted.size() > offset + limit;
            List<Map<String, Object>> page = accepted.subList(Math.min(offset, accepted.size()), Math.min(accepted.size(), offset + limit));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("user", user.asString());
            answer.put("offset", offset);
            answer.put("hits", new ArrayList<>(page));
            answer.put("nextOffset", more ? offset + page.size() : null);
            return answer;
        });
    }

    /** The index stores mailbox ids upper-cased. */
    private static String indexKey(MailboxId id) {
        return id.serialize().toUpperCase(Locale.US);
    }

    /** The user's folders under the CPM root (no counters: an empty folder simply has no hit). */
    private List<MailboxMetaData> conversationFolderList(MailboxSession session) {
        String root = settings.folderRoot();
        char delimiter = session.getPathDelimiter();
        List<MailboxMetaData> folders = mailboxManager
            .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                MailboxManager.MailboxSearchFetchType.Minimal, session)
            .collectList().block();
        List<MailboxMetaData> result = new ArrayList<>();
        for (MailboxMetaData folder : folders == null ? List.<MailboxMetaData>of() : folders) {
            String name = folder.getPath().getName();
            if (name.startsWith(root + "/") || name.startsWith(root + delimiter)) {
                result.add(folder);
            }
        }
        return result;
    }

    /**
     * Participant filter on the From/To headers, compared as normalised CPM URIs (so {@code +33612345678},
     * {@code tel:+33 6 12 34 56 78} and {@code sip:+33612345678@host;user=phone} all match). CPM URIs are not
     * RFC 5322 addresses, so the index's address fields cannot answer this.
     */
    private Predicate<MessageResult> participantFilter(String participant) {
        String wanted = canonical(participant.matches("\\+?[0-9 .()-]+") && !participant.startsWith("tel:")
            ? "tel:" + participant.trim() : participant);
        return result -> {
            Set<String> found = new LinkedHashSet<>();
            collectParticipants(result, found);
            return found.stream().map(this::canonical).anyMatch(wanted::equals);
        };
    }

    private String canonical(String address) {
        try {
            return normalizer.normalize(address).uri();
        } catch (CpmFormatException e) {
            return address.trim().toLowerCase(Locale.ROOT);
        }
    }

    private static byte[] fullBytes(MessageResult result) {
        try (InputStream in = result.getFullContent().getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MailboxException e) {
            return new byte[0];
        }
    }

    /** Parses the {@code type} filter: a CpmObjectType name, case-insensitive, {@code -} or {@code _}. */
    public static CpmObjectType parseType(String value) {
        try {
            return CpmObjectType.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Unknown object type '" + value + "'; use one of "
                + java.util.Arrays.toString(CpmObjectType.values()).toLowerCase(Locale.ROOT).replace('_', '-') + ".");
        }
    }
}

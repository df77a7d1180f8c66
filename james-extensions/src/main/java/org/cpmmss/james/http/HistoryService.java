package org.cpmmss.james.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
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
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.StoredObject;

/**
 * Read side of a user's history, through James's MailboxManager only: conversations (the folders under
 * the CPM root), pages of a conversation's objects, one object (decoded or raw) and full-text search
 * through the mailbox search index (Lucene).
 */
public class HistoryService {
    static final int PARTICIPANT_WINDOW = 20;
    static final int MAX_PAGE = 500;
    private static final org.cpmmss.cpm.object.CpmObjectClassifier CLASSIFIER = new org.cpmmss.cpm.object.CpmObjectClassifier();

    private final MailboxManager mailboxManager;
    private final CpmHttpSettings settings;
    private final CpmAddressNormalizer normalizer = new CpmAddressNormalizer();

    @Inject
    public HistoryService(MailboxManager mailboxManager, CpmHttpSettings settings) {
        this.mailboxManager = mailboxManager;
        this.settings = settings;
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

    /** A search hit waiting in the merge: its folder's iterator, and the fetched head. */
    private static final class Cursor {
        final String folder;
        final MessageManager mailbox;
        final Iterator<MessageUid> uids;
        final FetchGroup fetchGroup;
        MessageResult head;

        Cursor(String folder, MessageManager mailbox, Iterator<MessageUid> uids, FetchGroup fetchGroup) {
            this.folder = folder;
            this.mailbox = mailbox;
            this.uids = uids;
            this.fetchGroup = fetchGroup;
        }

        boolean advance(MailboxSession session, Predicate<MessageResult> accept) throws MailboxException {
            while (uids.hasNext()) {
                MessageResultIterator it = mailbox.getMessages(MessageRange.one(uids.next()), fetchGroup, session);
                if (it.hasNext()) {
                    MessageResult candidate = it.next();
                    if (accept.test(candidate)) {
                        head = candidate;
                        return true;
                    }
                }
            }
            head = null;
            return false;
        }
    }

    /**
     * Full-text search through the index: per folder, matches newest first; folders merged by arrival
     * time, newest first; {@code offset}/{@code limit} page over the merged list.
     */
    public Map<String, Object> search(Username user, SearchFilter filter, int offset, int limit) throws MailboxException, IOException {
        return withSession(user, session -> {
            List<SearchQuery.Criterion> criteria = new ArrayList<>();
            filter.text().ifPresent(text -> {
                for (String word : text.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        criteria.add(SearchQuery.bodyContains(word));
                    }
                }
            });
            filter.since().ifPresent(t -> criteria.add(SearchQuery.internalDateAfter(Date.from(t), SearchQuery.DateResolution.Second)));
            filter.until().ifPresent(t -> criteria.add(SearchQuery.internalDateBefore(Date.from(t), SearchQuery.DateResolution.Second)));
            SearchQuery query = SearchQuery.builder()
                .andCriteria(criteria)
                .sorts(new SearchQuery.Sort(SearchQuery.Sort.SortClause.Arrival, SearchQuery.Sort.Order.REVERSE))
                .build();

            List<String> folders = new ArrayList<>();
            if (filter.folder().isPresent()) {
                folders.add(filter.folder().get());
            } else {
                for (MailboxMetaData folder : conversationFolders(session)) {
                    folders.add(folder.getPath().getName());
                }
            }
            Predicate<MessageResult> ofType = filter.type().isEmpty() ? r -> true : r -> typeOf(r) == filter.type().get();
            Predicate<MessageResult> accept = filter.participant().isEmpty() ? ofType
                : ofType.and(participantFilter(filter.participant().get()));
            PriorityQueue<Cursor> queue = new PriorityQueue<>(
                Comparator.comparing((Cursor c) -> c.head.getInternalDate()).reversed()
                    .thenComparing(c -> c.folder)
                    .thenComparing(c -> -c.head.getUid().asLong()));
            for (String name : folders) {
                MessageManager mailbox = folder(session, user, name);
                List<MessageUid> uids = reactor.core.publisher.Flux.from(mailbox.search(query, session)).collectList().block();
                Cursor cursor = new Cursor(name, mailbox, uids == null ? List.<MessageUid>of().iterator() : uids.iterator(),
                    filter.type().isEmpty() ? FetchGroup.HEADERS : FetchGroup.FULL_CONTENT);
                if (cursor.advance(session, accept)) {
                    queue.add(cursor);
                }
            }
            List<Map<String, Object>> hits = new ArrayList<>();
            int position = 0;
            boolean more = false;
            while (!queue.isEmpty()) {
                Cursor cursor = queue.poll();
                if (position >= offset) {
                    if (hits.size() == limit) {
                        more = true;
                        break;
                    }
                    MessageResult head = cursor.head;
                    hits.add(ObjectView.summary(cursor.folder, head.getUid().asLong(), head.getInternalDate(), head.getSize(),
                        head.getFlags(), headerBytes(head)));
                }
                position++;
                if (cursor.advance(session, accept)) {
                    queue.add(cursor);
                }
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("user", user.asString());
            page.put("offset", offset);
            page.put("hits", hits);
            page.put("nextOffset", more ? offset + hits.size() : null);
            return page;
        });
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

    private static byte[] headerBytes(MessageResult result) {
        try (InputStream in = result.getHeaders().getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MailboxException e) {
            return new byte[0];
        }
    }

    private static CpmObjectType typeOf(MessageResult result) {
        try (InputStream in = result.getFullContent().getInputStream()) {
            return CLASSIFIER.classify(in.readAllBytes());
        } catch (IOException | MailboxException | CpmFormatException e) {
            return CpmObjectType.CPIM_OTHER;
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

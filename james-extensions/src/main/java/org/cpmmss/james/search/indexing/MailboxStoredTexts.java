package org.cpmmss.james.search.indexing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.search.text.HeaderFields;
import org.cpmmss.james.search.text.StoredTexts;

import reactor.core.publisher.Mono;

/**
 * {@link StoredTexts} read from the mailbox store: the candidates of a search are read in UID ranges (one listing per
 * run of consecutive UIDs, or one for the whole span when they are scattered; only the candidates' contents are read)
 * and their body texts or header fields extracted as the indexer extracts them.
 */
public class MailboxStoredTexts implements StoredTexts {
    private static final String SYSTEM_USER = "cpm-search-check";
    static final int MAX_RANGES = 32;
    private final Provider<MailboxSessionMapperFactory> mappers;
    private final SessionProvider sessions;

    @Inject
    public MailboxStoredTexts(Provider<MailboxSessionMapperFactory> mappers, SessionProvider sessions) {
        this.mappers = mappers;
        this.sessions = sessions;
    }

    /**
     * The runs of consecutive UIDs, or, beyond {@value #MAX_RANGES} runs (a common string: candidates all over the
     * folder), the one range from the first to the last (one listing of the folder's metadata, the contents of the
     * candidates alone read).
     */
    static List<MessageRange> ranges(Set<MessageUid> uids) {
        List<MessageUid> sorted = new ArrayList<>(new TreeSet<>(uids));
        List<MessageRange> runs = MessageRange.toRanges(sorted);
        return runs.size() <= MAX_RANGES ? runs
            : List.of(MessageRange.range(sorted.get(0), sorted.get(sorted.size() - 1)));
    }

    @Override
    public Map<MessageUid, String> bodies(MailboxId folderId, Set<MessageUid> uids) throws IOException {
        return texts(folderId, uids, MessageMapper.FetchType.FULL, MailboxMessage::getFullContent, StoredTexts::bodyOf);
    }

    @Override
    public Map<MessageUid, HeaderFields> headers(MailboxId folderId, Set<MessageUid> uids) throws IOException {
        return texts(folderId, uids, MessageMapper.FetchType.HEADERS, MailboxMessage::getHeaderContent,
            HeaderFields::parse);
    }

    /** The text {@code extract} gives of the {@code part} of each of those messages still stored. */
    private <T> Map<MessageUid, T> texts(MailboxId folderId, Set<MessageUid> uids, MessageMapper.FetchType fetch,
                                         Part part, Function<byte[], T> extract) throws IOException {
        MailboxSessionMapperFactory factory = mappers.get();
        MailboxSession session = sessions.createSystemSession(Username.of(SYSTEM_USER));
        try {
            Mailbox folder = factory.getMailboxMapper(session).findMailboxById(folderId)
                .onErrorResume(MailboxNotFoundException.class, gone -> Mono.empty())
                .block();
            if (folder == null) {
                return Map.of();
            }
            MessageMapper mapper = factory.getMessageMapper(session);
            Map<MessageUid, T> texts = new HashMap<>();
            for (MessageRange range : ranges(uids)) {
                Iterator<MailboxMessage> messages = mapper.findInMailbox(folder, range, fetch, -1);
                while (messages.hasNext()) {
                    MailboxMessage message = messages.next();
                    if (uids.contains(message.getUid())) {
                        try (InputStream content = part.of(message)) {
                            texts.put(message.getUid(), extract.apply(content.readAllBytes()));
                        }
                    }
                }
            }
            return texts;
        } catch (MailboxException | RuntimeException e) {
            throw new IOException("Cannot read the messages of folder " + folderId.serialize() + " to check a search", e);
        } finally {
            factory.endProcessingRequest(session);
        }
    }

    /** The part of a message a check reads. */
    @FunctionalInterface
    private interface Part {
        InputStream of(MailboxMessage message) throws IOException;
    }
}

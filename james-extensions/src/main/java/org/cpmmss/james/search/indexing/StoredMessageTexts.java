package org.cpmmss.james.search.indexing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
import org.cpmmss.james.search.text.MessageTexts;
import org.cpmmss.james.search.text.TextEntry;

import reactor.core.publisher.Mono;

/**
 * {@link MessageTexts} read from the mailbox store: the candidates of a search are read in UID ranges (one pass per
 * run of consecutive UIDs) and their texts extracted as the indexer extracts them.
 */
public class StoredMessageTexts implements MessageTexts {
    private static final String SYSTEM_USER = "cpm-search-check";
    private final Provider<MailboxSessionMapperFactory> mappers;
    private final SessionProvider sessions;

    @Inject
    public StoredMessageTexts(Provider<MailboxSessionMapperFactory> mappers, SessionProvider sessions) {
        this.mappers = mappers;
        this.sessions = sessions;
    }

    @Override
    public Map<MessageUid, TextEntry> entries(MailboxId folderId, Set<MessageUid> uids) throws IOException {
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
            Map<MessageUid, TextEntry> entries = new HashMap<>();
            for (MessageRange range : MessageRange.toRanges(new ArrayList<>(new TreeSet<>(uids)))) {
                Iterator<MailboxMessage> messages = mapper.findInMailbox(folder, range, MessageMapper.FetchType.FULL, -1);
                while (messages.hasNext()) {
                    MailboxMessage message = messages.next();
                    if (uids.contains(message.getUid())) {
                        entries.put(message.getUid(), TextEntry.of(message));
                    }
                }
            }
            return entries;
        } catch (MailboxException | RuntimeException e) {
            throw new IOException("Cannot read the messages of folder " + folderId.serialize() + " to check a search", e);
        } finally {
            factory.endProcessingRequest(session);
        }
    }
}

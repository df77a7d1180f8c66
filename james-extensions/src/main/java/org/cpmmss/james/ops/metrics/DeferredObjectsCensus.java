package org.cpmmss.james.ops.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.user.api.UsersRepository;
import org.cpmmss.cpm.CpmDates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

/**
 * Counts the temporary objects of deferred hand-overs (keyword {@code $cpm-temporary}) in every user's
 * store, and among them those whose {@code Expires} is already past — the expiry sweeper's backlog. Read
 * through the MailboxManager (search index for the keyword, headers for {@code Expires}); the result is
 * cached for {@link #CACHE_FOR} so that scrapes stay cheap.
 */
public class DeferredObjectsCensus {
    public static final String TEMPORARY_KEYWORD = "$cpm-temporary";
    static final Duration CACHE_FOR = Duration.ofSeconds(15);
    private static final Logger LOGGER = LoggerFactory.getLogger(DeferredObjectsCensus.class);

    public record Counts(long temporary, long expired, Instant at) {
    }

    private final UsersRepository users;
    private final MailboxManager mailboxManager;
    private final Clock clock;
    private volatile Counts last;

    @Inject
    public DeferredObjectsCensus(UsersRepository users, MailboxManager mailboxManager, Clock clock) {
        this.users = users;
        this.mailboxManager = mailboxManager;
        this.clock = clock;
    }

    public synchronized Counts counts() {
        Instant now = clock.instant();
        Counts cached = last;
        if (cached != null && cached.at().plus(CACHE_FOR).isAfter(now)) {
            return cached;
        }
        long temporary = 0;
        long expired = 0;
        try {
            for (Iterator<Username> it = users.list(); it.hasNext(); ) {
                long[] userCounts = countUser(it.next(), now);
                temporary += userCounts[0];
                expired += userCounts[1];
            }
        } catch (Exception e) {
            LOGGER.warn("deferred-object census failed", e);
            return new Counts(-1, -1, now);
        }
        last = new Counts(temporary, expired, now);
        return last;
    }

    private long[] countUser(Username user, Instant now) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        long temporary = 0;
        long expired = 0;
        try {
            List<MailboxMetaData> mailboxes = mailboxManager
                .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session)
                .collectList().block();
            for (MailboxMetaData mailbox : mailboxes) {
                MessageManager messages = mailboxManager.getMailbox(mailbox.getPath(), session);
                List<MessageUid> uids = Flux.from(messages.search(
                        SearchQuery.of(SearchQuery.flagIsSet(TEMPORARY_KEYWORD)), session))
                    .collectList().block();
                for (MessageUid uid : uids) {
                    MessageResultIterator results = messages.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
                    while (results.hasNext()) {
                        MessageResult result = results.next();
                        if (!result.getFlags().contains(TEMPORARY_KEYWORD)) {
                            continue;
                        }
                        temporary++;
                        if (isExpired(result, now)) {
                            expired++;
                        }
                    }
                }
            }
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return new long[] {temporary, expired};
    }

    private static boolean isExpired(MessageResult result, Instant now) throws Exception {
        for (Iterator<Header> headers = result.getHeaders().headers(); headers.hasNext(); ) {
            Header header = headers.next();
            if ("Expires".equalsIgnoreCase(header.getName())) {
                try {
                    OffsetDateTime expires = CpmDates.parseMailDate(header.getValue().trim());
                    return !expires.toInstant().isAfter(now);
                } catch (Exception e) {
                    return false;
                }
            }
        }
        return false;
    }
}

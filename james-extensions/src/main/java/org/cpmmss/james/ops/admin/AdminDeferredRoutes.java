package org.cpmmss.james.ops.admin;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
import org.cpmmss.james.ops.metrics.DeferredObjectsCensus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Flux;
import spark.Service;

/**
 * {@code GET /cpm/admin/users/{user}/deferred}: the user's temporary (deferred) objects in their folders, each with
 * its folder, UID and the headers an operator identifies it by (From, To, IMDN-Message-ID, Expires, Date).
 */
public class AdminDeferredRoutes implements AdminRoutes.Group {
    private static final Set<String> SHOWN_HEADERS = Set.of("from", "to", "imdn-message-id", "expires", "date");

    private final MailboxManager mailboxManager;

    @Inject
    public AdminDeferredRoutes(MailboxManager mailboxManager) {
        this.mailboxManager = mailboxManager;
    }

    @Override
    public void define(Service service, AdminRoutes routes) {
        service.get(AdminRoutes.BASE + "/users/:user/deferred", routes.json((req, res) -> deferred(routes.user(req))));
    }

    private ArrayNode deferred(Username user) throws Exception {
        ArrayNode out = AdminRoutes.JSON.createArrayNode();
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            for (MailboxMetaData mailbox : UserFolders.of(mailboxManager, session)) {
                MessageManager messages = mailboxManager.getMailbox(mailbox.getPath(), session);
                List<MessageUid> uids = Flux.from(messages.search(
                    SearchQuery.of(SearchQuery.flagIsSet(DeferredObjectsCensus.TEMPORARY_KEYWORD)), session)).collectList().block();
                for (MessageUid uid : uids) {
                    MessageResultIterator results = messages.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
                    while (results.hasNext()) {
                        MessageResult result = results.next();
                        if (!result.getFlags().contains(DeferredObjectsCensus.TEMPORARY_KEYWORD)) {
                            continue;
                        }
                        ObjectNode entry = out.addObject();
                        entry.put("folder", mailbox.getPath().getName());
                        entry.put("uid", result.getUid().asLong());
                        headers(result).forEach(entry::put);
                    }
                }
            }
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return out;
    }

    private static Map<String, String> headers(MessageResult result) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Header> it = result.getHeaders().headers(); it.hasNext(); ) {
            Header header = it.next();
            String name = header.getName().toLowerCase(Locale.ROOT);
            if (SHOWN_HEADERS.contains(name)) {
                values.putIfAbsent(name, header.getValue().trim());
            }
        }
        return values;
    }
}

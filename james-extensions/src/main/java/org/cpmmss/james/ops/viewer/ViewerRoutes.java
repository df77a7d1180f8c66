package org.cpmmss.james.ops.viewer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.SearchQuery;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.PublicRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The read-only web viewer of one user's conversations, on the HTTP door under {@code /cpm/viewer}.
 *
 * <p>Authentication: HTTP Basic with the user's own account and password (checked by James's
 * UsersRepository), on every page. {@code POST /cpm/viewer/tokens} (Basic) issues a short-lived view
 * token; {@code /cpm/viewer/t/<token>/…} then shows the same pages without credentials until the token
 * expires ({@link #TOKEN_LIFETIME}) — for browsers that cannot send Basic credentials (headless runs,
 * links). Reads go through the MailboxManager with fetches that never set {@code \Seen}.</p>
 */
public class ViewerRoutes implements PublicRoutes {
    public static final String BASE = "/cpm/viewer";
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** Objects shown per page of a conversation at most and by default (newest first; a link leads to older ones). */
    static final int PAGE_SIZE = 500;
    /** Group State Objects read for the members section when outside the page (the newest ones). */
    static final int MAX_GROUP_STATES = 50;
    private static final Logger LOGGER = LoggerFactory.getLogger(ViewerRoutes.class);
    private static final String REALM = "Basic realm=\"cpm-mss viewer\", charset=\"UTF-8\"";

    private record Grant(Username user, Instant expires) {
    }

    private final UsersRepository users;
    private final MailboxManager mailboxManager;
    private final Clock clock;
    private final ConversationRenderer renderer;
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Inject
    public ViewerRoutes(UsersRepository users, MailboxManager mailboxManager, Clock clock,
                        org.cpmmss.cpm.address.CpmAddressNormalizer normalizer) {
        this.renderer = new ConversationRenderer(normalizer);
        this.users = users;
        this.mailboxManager = mailboxManager;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> {
            response.redirect(BASE + "/", 302);
            return "";
        });
        service.get(BASE + "/", (request, response) -> withBasic(request, response, user -> list(user, response)));
        service.get(BASE + "/conversation", (request, response) ->
            withBasic(request, response, user -> conversation(user, request, response)));
        service.post(BASE + "/tokens", (request, response) -> withBasic(request, response, user -> issue(user, response)));
        service.get(BASE + "/t/:token", (request, response) -> {
            response.redirect(BASE + "/t/" + request.params("token") + "/", 302);
            return "";
        });
        service.get(BASE + "/t/:token/", (request, response) ->
            withToken(request, response, user -> list(user, response)));
        service.get(BASE + "/t/:token/conversation", (request, response) ->
            withToken(request, response, user -> conversation(user, request, response)));
    }

    @FunctionalInterface
    private interface Page {
        String render(Username user) throws Exception;
    }

    private Object withBasic(Request request, Response response, Page page) throws Exception {
        secure(response);
        Optional<Username> user = basicUser(request.headers("Authorization"));
        if (user.isEmpty()) {
            response.status(401);
            response.header("WWW-Authenticate", REALM);
            return simple("Authentication required", "Log in with your account (address) and password.");
        }
        return page.render(user.get());
    }

    private Object withToken(Request request, Response response, Page page) throws Exception {
        secure(response);
        String token = request.params("token");
        Grant grant = token == null ? null : tokens.get(token);
        Instant now = clock.instant();
        tokens.values().removeIf(g -> !g.expires().isAfter(now));
        if (grant == null || !grant.expires().isAfter(now)) {
            response.status(401);
            return simple("Link expired", "This view link is unknown or has expired. Ask for a new one.");
        }
        return page.render(grant.user());
    }

    private Optional<Username> basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            Username user = Username.of(decoded.substring(0, colon));
            return users.test(user, decoded.substring(colon + 1)) ? Optional.of(user) : Optional.empty();
        } catch (Exception e) {
            LOGGER.debug("refused viewer credentials", e);
            return Optional.empty();
        }
    }

    private String issue(Username user, Response response) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new Grant(user, clock.instant().plus(TOKEN_LIFETIME)));
        response.status(201);
        response.type("application/json");
        return "{\"token\":\"" + token + "\",\"path\":\"" + BASE + "/t/" + token + "/\",\"expiresInSeconds\":"
            + TOKEN_LIFETIME.toSeconds() + "}";
    }

    private static void secure(Response response) {
        response.type("text/html; charset=utf-8");
        response.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cache-Control", "no-store");
        response.header("X-Frame-Options", "DENY");
    }

    private String list(Username user, Response response) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            List<MailboxMetaData> mailboxes = new ArrayList<>(mailboxManager
                .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session)
                .collectList().block());
            mailboxes.sort(Comparator.comparing(m -> m.getPath().getName()));
            StringBuilder out = new StringBuilder();
            ViewerPage.page(out, "Conversations of " + user.asString());
            out.append("<header><h1>Conversations</h1><p class=\"owner\">").append(Html.escape(user.asString()))
                .append("</p></header><ul class=\"conversations\">");
            int shown = 0;
            for (MailboxMetaData mailbox : mailboxes) {
                long count = mailbox.getCounters().getCount();
                if (count == 0) {
                    continue;
                }
                shown++;
                String name = mailbox.getPath().getName();
                out.append("<li class=\"conversation\"><a href=\"conversation?folder=").append(Html.escape(Html.urlEncode(name)))
                    .append("\">").append(Html.escape(name)).append("</a> <span class=\"count\">")
                    .append(count).append(count == 1 ? " object" : " objects").append("</span></li>");
            }
            out.append("</ul>");
            if (shown == 0) {
                out.append("<p class=\"empty\">No stored conversations.</p>");
            }
            ViewerPage.end(out);
            return out.toString();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private String conversation(Username user, Request request, Response response) throws Exception {
        String folder = request.queryParams("folder");
        if (folder == null || folder.isEmpty()) {
            response.status(400);
            return simple("No folder", "Choose a conversation from the list.");
        }
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MessageManager mailbox;
            try {
                mailbox = mailboxManager.getMailbox(MailboxPath.forUser(user, folder), session);
            } catch (MailboxNotFoundException e) {
                response.status(404);
                return simple("No such conversation", "There is no folder " + folder + ".");
            }
            long before;
            int limit;
            try {
                before = request.queryParams("before") == null ? Long.MAX_VALUE : Long.parseLong(request.queryParams("before"));
                limit = request.queryParams("limit") == null ? PAGE_SIZE : Integer.parseInt(request.queryParams("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
                before = -1;
            }
            if (before < 1 || limit < 1 || limit > PAGE_SIZE) {
                response.status(400);
                return simple("Bad page", "'before' must be a message UID and 'limit' a number of objects from 1 to " + PAGE_SIZE + ".");
            }
            List<Long> page = pageOf(mailbox, session, before, limit);
            List<StoredItem> items = new ArrayList<>();
            if (!page.isEmpty()) {
                items.addAll(read(mailbox, session, MessageRange.range(MessageUid.of(page.get(0)), MessageUid.of(page.get(page.size() - 1)))));
            }
            // members come from the latest Group State Object (by its timestamp), also when it is outside the page shown
            List<StoredItem> groupStates = new ArrayList<>();
            for (long uid : groupStateUids(mailbox, session)) {
                if (page.isEmpty() || uid < page.get(0) || uid > page.get(page.size() - 1)) {
                    groupStates.addAll(read(mailbox, session, MessageRange.one(MessageUid.of(uid))));
                }
            }
            Optional<Long> older = page.isEmpty() || page.size() < limit ? Optional.empty() : Optional.of(page.get(0));
            return renderer.render(user.asString(), folder, items, groupStates, older, limit, "./");
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** The UIDs of the page: the newest {@code limit} below {@code before}, in ascending order. */
    private static List<Long> pageOf(MessageManager mailbox, MailboxSession session, long before, int limit) throws MailboxException {
        java.util.ArrayDeque<Long> newest = new java.util.ArrayDeque<>();
        MessageResultIterator all = mailbox.getMessages(MessageRange.all(), FetchGroup.MINIMAL, session);
        while (all.hasNext()) {
            long uid = all.next().getUid().asLong();
            if (uid < before) {
                newest.addLast(uid);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        }
        return new ArrayList<>(newest);
    }

    private static List<StoredItem> read(MessageManager mailbox, MailboxSession session, MessageRange range) throws MailboxException {
        List<StoredItem> items = new ArrayList<>();
        MessageResultIterator results = mailbox.getMessages(range, FetchGroup.FULL_CONTENT, session);
        while (results.hasNext()) {
            MessageResult result = results.next();
            byte[] raw;
            try (var in = result.getFullContent().getInputStream()) {
                raw = in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new MailboxException("cannot read message " + result.getUid().asLong(), e);
            }
            items.add(new StoredItem(result.getUid().asLong(), flags(result.getFlags()),
                result.getInternalDate() == null ? Instant.EPOCH : result.getInternalDate().toInstant(), raw));
        }
        return items;
    }

    /** The UIDs of the conversation's Group State Objects, the newest {@link #MAX_GROUP_STATES}. */
    private static List<Long> groupStateUids(MessageManager mailbox, MailboxSession session) throws MailboxException {
        // the search index matches a header value by prefix of its words (Lucene, James 3.8.1): the whole type
        List<Long> uids = reactor.core.publisher.Flux.from(mailbox.search(
                SearchQuery.of(SearchQuery.headerContains("Content-Type", "application/group-state-object")), session))
            .map(MessageUid::asLong)
            .sort()
            .collectList().block();
        return uids.subList(Math.max(0, uids.size() - MAX_GROUP_STATES), uids.size());
    }

    private static Set<String> flags(Flags flags) {
        Set<String> names = new HashSet<>(List.of(flags.getUserFlags()));
        if (flags.contains(Flags.Flag.SEEN)) {
            names.add("\\Seen");
        }
        if (flags.contains(Flags.Flag.FLAGGED)) {
            names.add("\\Flagged");
        }
        return names;
    }

    private static String simple(String title, String text) {
        StringBuilder out = new StringBuilder();
        ViewerPage.page(out, title);
        out.append("<h1>").append(Html.escape(title)).append("</h1><p>").append(Html.escape(text)).append("</p>");
        ViewerPage.end(out);
        return out.toString();
    }
}

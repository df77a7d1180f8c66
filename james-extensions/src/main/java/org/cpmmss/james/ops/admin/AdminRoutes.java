package org.cpmmss.james.ops.admin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.Routes;
import org.cpmmss.james.ops.ExpirySweepTrigger;
import org.cpmmss.james.ops.metrics.DeferredObjectsCensus;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.preferences.PreferenceValues;
import org.cpmmss.recording.port.UserPreferences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Flux;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Operator routes of cpm-mss on WebAdmin (same credentials as James's routes), used by
 * {@code bin/cpm-mss admin}: preferences, a user's deferred queue, a sweep, and export/import of a user's
 * whole history as JSON lines (see docs/operator-guide.md for the format).
 */
public class AdminRoutes implements Routes {
    public static final String BASE = "/cpm/admin";
    public static final String PREFERENCE_PREFIX = "/private/vendor/cpm/";
    /** Short name (the contract entry without {@link #PREFERENCE_PREFIX}) → preference. */
    static final Map<String, CpmPreference> PREFERENCES = new LinkedHashMap<>();

    static {
        for (CpmPreference preference : CpmPreference.values()) {
            PREFERENCES.put(preference.entry().substring(PREFERENCE_PREFIX.length()), preference);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UsersRepository users;
    private final MailboxManager mailboxManager;
    private final Optional<ExpirySweepTrigger> sweeper;
    private final UserPreferences userPreferences;

    @Inject
    public AdminRoutes(UsersRepository users, MailboxManager mailboxManager,
                       Optional<ExpirySweepTrigger> sweeper, UserPreferences userPreferences) {
        this.userPreferences = userPreferences;
        this.users = users;
        this.mailboxManager = mailboxManager;
        this.sweeper = sweeper;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/users/:user/preferences", this::preferences);
        service.put(BASE + "/users/:user/preferences/:name", this::setPreference);
        service.get(BASE + "/users/:user/deferred", this::deferred);
        service.post(BASE + "/sweep", this::sweep);
        service.get(BASE + "/users/:user/export", this::export);
        service.post(BASE + "/users/:user/import", this::importHistory);
    }

    private Username user(Request request, Response response) throws Exception {
        Username user = Username.of(request.params("user"));
        if (!users.contains(user)) {
            throw new AdminError(404, "unknown user " + user.asString());
        }
        return user;
    }

    private static final class AdminError extends RuntimeException {
        final int status;

        AdminError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @FunctionalInterface
    private interface Handler {
        Object handle() throws Exception;
    }

    private static Object json(Response response, Handler handler) {
        response.type("application/json");
        try {
            Object result = handler.handle();
            return result instanceof String ? result : JSON.writeValueAsString(result);
        } catch (AdminError e) {
            response.status(e.status);
            return error(e.getMessage());
        } catch (Exception e) {
            response.status(500);
            return error(e.toString());
        }
    }

    private static String error(String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", message);
        return node.toString();
    }

    private Object preferences(Request request, Response response) {
        return json(response, () -> {
            Username user = user(request, response);
            PreferenceValues values = userPreferences.read(user.asString());
            ObjectNode out = JSON.createObjectNode();
            for (Map.Entry<String, CpmPreference> preference : PREFERENCES.entrySet()) {
                ObjectNode entry = out.putObject(preference.getKey());
                entry.put("value", values.value(preference.getValue()));
                entry.put("source", values.isDefault(preference.getValue()) ? "operator default" : "user");
            }
            return out;
        });
    }

    private Object setPreference(Request request, Response response) {
        return json(response, () -> {
            Username user = user(request, response);
            String name = request.params("name");
            CpmPreference preference = PREFERENCES.get(name);
            if (preference == null) {
                throw new AdminError(400, "unknown preference " + name + "; known: " + PREFERENCES.keySet());
            }
            String value = request.body() == null ? "" : request.body().trim();
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            if (!preference.accepts(value)) {
                throw new AdminError(400, "invalid value '" + value + "' for " + name + "; allowed: " + preference.allowedValues());
            }
            MailboxSession session = mailboxManager.createSystemSession(user);
            try {
                MailboxPath inbox = MailboxPath.inbox(user);
                if (!Boolean.TRUE.equals(reactor.core.publisher.Mono.from(mailboxManager.mailboxExists(inbox, session)).block())) {
                    mailboxManager.createMailbox(inbox, session);
                }
                // James refuses '-' in annotation keys: stored under the contract's stored key (CpmPreference)
                MailboxAnnotationKey key = new MailboxAnnotationKey(preference.storedKey());
                mailboxManager.updateAnnotations(inbox, session, List.of(MailboxAnnotation.newInstance(key, value)));
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
            ObjectNode out = JSON.createObjectNode();
            out.put(name, value);
            return out;
        });
    }

    private Object deferred(Request request, Response response) {
        return json(response, () -> {
            Username user = user(request, response);
            ArrayNode out = JSON.createArrayNode();
            MailboxSession session = mailboxManager.createSystemSession(user);
            try {
                for (MailboxMetaData mailbox : mailboxes(session)) {
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
                            Map<String, String> headers = headers(result, Set.of("from", "to", "imdn-message-id", "expires", "date"));
                            headers.forEach(entry::put);
                        }
                    }
                }
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
            return out;
        });
    }

    private static Map<String, String> headers(MessageResult result, Set<String> wanted) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Header> it = result.getHeaders().headers(); it.hasNext(); ) {
            Header header = it.next();
            String name = header.getName().toLowerCase(java.util.Locale.ROOT);
            if (wanted.contains(name)) {
                values.putIfAbsent(name, header.getValue().trim());
            }
        }
        return values;
    }

    private Object sweep(Request request, Response response) {
        return json(response, () -> {
            Optional<ExpirySweepTrigger> trigger = sweeper;
            if (trigger.isEmpty()) {
                throw new AdminError(501, "the expiry sweeper is not part of this build");
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("removed", trigger.get().sweepNow());
            return out;
        });
    }

    private List<MailboxMetaData> mailboxes(MailboxSession session) {
        List<MailboxMetaData> list = new ArrayList<>(mailboxManager
            .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session)
            .collectList().block());
        list.sort(Comparator.comparing(m -> m.getPath().getName()));
        return list;
    }

    /** JSON lines: one {@code export} line, then per folder one {@code folder} line followed by its messages in UID order. */
    private Object export(Request request, Response response) throws Exception {
        Username user;
        try {
            user = user(request, response);
        } catch (AdminError e) {
            response.type("application/json");
            response.status(e.status);
            return error(e.getMessage());
        }
        response.type("application/x-ndjson");
        response.status(200);
        MailboxSession session = mailboxManager.createSystemSession(user);
        OutputStream out = response.raw().getOutputStream();
        try {
            ObjectNode head = JSON.createObjectNode();
            head.put("type", "export").put("version", 1).put("user", user.asString()).put("exportedAt", Instant.now().toString());
            line(out, head);
            for (MailboxMetaData mailbox : mailboxes(session)) {
                MessageManager messages = mailboxManager.getMailbox(mailbox.getPath(), session);
                ObjectNode folder = JSON.createObjectNode();
                folder.put("type", "folder").put("name", mailbox.getPath().getName())
                    .put("uidValidity", messages.getMailboxEntity().getUidValidity().asLong());
                ObjectNode annotations = folder.putObject("annotations");
                for (MailboxAnnotation annotation : mailboxManager.getAllAnnotations(mailbox.getPath(), session)) {
                    annotation.getValue().ifPresent(v -> annotations.put(annotation.getKey().asString(), v));
                }
                line(out, folder);
                MessageResultIterator results = messages.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, session);
                while (results.hasNext()) {
                    MessageResult result = results.next();
                    byte[] raw;
                    try (var in = result.getFullContent().getInputStream()) {
                        raw = in.readAllBytes();
                    }
                    ObjectNode message = JSON.createObjectNode();
                    message.put("type", "message").put("folder", mailbox.getPath().getName())
                        .put("uid", result.getUid().asLong())
                        .put("internalDate", result.getInternalDate().toInstant().toString());
                    ArrayNode flags = message.putArray("flags");
                    flagNames(result.getFlags()).forEach(flags::add);
                    message.put("size", raw.length);
                    message.put("raw", Base64.getEncoder().encodeToString(raw));
                    line(out, message);
                }
            }
            out.flush();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return "";
    }

    private static void line(OutputStream out, JsonNode node) throws Exception {
        out.write(JSON.writeValueAsBytes(node));
        out.write('\n');
    }

    static List<String> flagNames(Flags flags) {
        List<String> names = new ArrayList<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag == Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (flag == Flags.Flag.DELETED) {
                names.add("\\Deleted");
            } else if (flag == Flags.Flag.DRAFT) {
                names.add("\\Draft");
            } else if (flag == Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            } else if (flag == Flags.Flag.SEEN) {
                names.add("\\Seen");
            }
        }
        names.addAll(new java.util.TreeSet<>(List.of(flags.getUserFlags())));
        return names;
    }

    static Flags flags(JsonNode names) {
        Flags flags = new Flags();
        for (JsonNode node : names) {
            String name = node.asText();
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "\\answered" -> flags.add(Flags.Flag.ANSWERED);
                case "\\deleted" -> flags.add(Flags.Flag.DELETED);
                case "\\draft" -> flags.add(Flags.Flag.DRAFT);
                case "\\flagged" -> flags.add(Flags.Flag.FLAGGED);
                case "\\seen" -> flags.add(Flags.Flag.SEEN);
                case "\\recent" -> { }
                default -> flags.add(name);
            }
        }
        return flags;
    }

    /**
     * Appends every message of an export into the user's folders (created as needed), folder by folder in
     * the order of the file; within a folder the original UIDs must ascend, so the new UIDs keep their order.
     */
    private Object importHistory(Request request, Response response) {
        return json(response, () -> {
            Username user = user(request, response);
            MailboxSession session = mailboxManager.createSystemSession(user);
            Map<String, Long> lastUid = new HashMap<>();
            Map<String, MessageManager> folders = new HashMap<>();
            long messages = 0;
            int lineNumber = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(request.raw().getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (Exception e) {
                        throw new AdminError(400, "line " + lineNumber + ": not JSON");
                    }
                    String type = node.path("type").asText();
                    switch (type) {
                        case "export" -> {
                            if (node.path("version").asInt() != 1) {
                                throw new AdminError(400, "line " + lineNumber + ": unsupported export version " + node.path("version"));
                            }
                        }
                        case "folder" -> {
                            String name = node.path("name").asText();
                            MessageManager folder = folder(user, session, name, folders);
                            List<MailboxAnnotation> annotations = new ArrayList<>();
                            node.path("annotations").fields().forEachRemaining(e -> annotations.add(
                                MailboxAnnotation.newInstance(new MailboxAnnotationKey(e.getKey()), e.getValue().asText())));
                            if (!annotations.isEmpty()) {
                                mailboxManager.updateAnnotations(folder.getMailboxPath(), session, annotations);
                            }
                        }
                        case "message" -> {
                            String name = node.path("folder").asText();
                            long uid = node.path("uid").asLong();
                            Long previous = lastUid.get(name);
                            if (previous != null && uid <= previous) {
                                throw new AdminError(400, "line " + lineNumber + ": UID " + uid + " of " + name
                                    + " does not ascend (after " + previous + ")");
                            }
                            lastUid.put(name, uid);
                            byte[] raw = Base64.getDecoder().decode(node.path("raw").asText());
                            MessageManager folder = folder(user, session, name, folders);
                            folder.appendMessage(MessageManager.AppendCommand.builder()
                                .withFlags(flags(node.path("flags")))
                                .withInternalDate(Date.from(Instant.parse(node.path("internalDate").asText())))
                                .notRecent()
                                .build(raw), session);
                            messages++;
                        }
                        default -> throw new AdminError(400, "line " + lineNumber + ": unknown type '" + type + "'");
                    }
                }
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("folders", folders.size()).put("messages", messages);
            return out;
        });
    }

    private MessageManager folder(Username user, MailboxSession session, String name, Map<String, MessageManager> cache) throws Exception {
        MessageManager known = cache.get(name);
        if (known != null) {
            return known;
        }
        MailboxPath path = MailboxPath.forUser(user, name);
        if (!Boolean.TRUE.equals(reactor.core.publisher.Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
            mailboxManager.createMailbox(path, session);
        }
        MessageManager folder = mailboxManager.getMailbox(path, session);
        cache.put(name, folder);
        return folder;
    }
}

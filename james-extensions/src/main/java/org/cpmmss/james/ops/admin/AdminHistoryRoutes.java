package org.cpmmss.james.ops.admin;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Mono;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A user's whole history as JSON lines (docs/operator-guide.md): {@code GET /cpm/admin/users/{user}/export} streams
 * one {@code export} line, then per folder one {@code folder} line (UIDVALIDITY, annotations) followed by its messages
 * in UID order (flags, internal date, raw bytes in base64); {@code POST …/import} appends such a file into the user's
 * folders, created as needed.
 */
public class AdminHistoryRoutes implements AdminRoutes.Group {
    private final MailboxManager mailboxManager;

    @Inject
    public AdminHistoryRoutes(MailboxManager mailboxManager) {
        this.mailboxManager = mailboxManager;
    }

    @Override
    public void define(Service service, AdminRoutes routes) {
        service.get(AdminRoutes.BASE + "/users/:user/export", (req, res) -> export(routes, req, res));
        service.post(AdminRoutes.BASE + "/users/:user/import", routes.json((req, res) -> importHistory(routes.user(req), req)));
    }

    /** JSON lines: one {@code export} line, then per folder one {@code folder} line followed by its messages in UID order. */
    private Object export(AdminRoutes routes, Request request, Response response) throws Exception {
        Username user;
        try {
            user = routes.user(request);
        } catch (AdminProblem problem) {
            return problem.answer(request, response);
        }
        response.type("application/x-ndjson");
        response.status(200);
        MailboxSession session = mailboxManager.createSystemSession(user);
        OutputStream out = response.raw().getOutputStream();
        try {
            ObjectNode head = AdminRoutes.JSON.createObjectNode();
            head.put("type", "export").put("version", 1).put("user", user.asString()).put("exportedAt", Instant.now().toString());
            line(out, head);
            for (MailboxMetaData mailbox : UserFolders.of(mailboxManager, session)) {
                exportFolder(out, mailbox, session);
            }
            out.flush();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return "";
    }

    private void exportFolder(OutputStream out, MailboxMetaData mailbox, MailboxSession session) throws Exception {
        MessageManager messages = mailboxManager.getMailbox(mailbox.getPath(), session);
        ObjectNode folder = AdminRoutes.JSON.createObjectNode();
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
            try (InputStream in = result.getFullContent().getInputStream()) {
                raw = in.readAllBytes();
            }
            ObjectNode message = AdminRoutes.JSON.createObjectNode();
            message.put("type", "message").put("folder", mailbox.getPath().getName())
                .put("uid", result.getUid().asLong())
                .put("internalDate", result.getInternalDate().toInstant().toString());
            ArrayNode flags = message.putArray("flags");
            ExportFlags.names(result.getFlags()).forEach(flags::add);
            message.put("size", raw.length);
            message.put("raw", Base64.getEncoder().encodeToString(raw));
            line(out, message);
        }
    }

    private static void line(OutputStream out, JsonNode node) throws Exception {
        out.write(AdminRoutes.JSON.writeValueAsBytes(node));
        out.write('\n');
    }

    /**
     * Appends every message of an export into the user's folders (created as needed), folder by folder in
     * the order of the file; within a folder the original UIDs must ascend, so the new UIDs keep their order.
     */
    private ObjectNode importHistory(Username user, Request request) throws Exception {
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
                    node = AdminRoutes.JSON.readTree(line);
                } catch (Exception e) {
                    throw AdminProblem.badRequest("line " + lineNumber + ": not JSON");
                }
                String type = node.path("type").asText();
                switch (type) {
                    case "export" -> {
                        if (node.path("version").asInt() != 1) {
                            throw AdminProblem.badRequest("line " + lineNumber + ": unsupported export version " + node.path("version"));
                        }
                    }
                    case "folder" -> {
                        MessageManager folder = folder(user, session, node.path("name").asText(), folders);
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
                            throw AdminProblem.badRequest("line " + lineNumber + ": UID " + uid + " of " + name
                                + " does not ascend (after " + previous + ")");
                        }
                        lastUid.put(name, uid);
                        byte[] raw = Base64.getDecoder().decode(node.path("raw").asText());
                        MessageManager folder = folder(user, session, name, folders);
                        folder.appendMessage(MessageManager.AppendCommand.builder()
                            .withFlags(ExportFlags.flags(node.path("flags")))
                            .withInternalDate(Date.from(Instant.parse(node.path("internalDate").asText())))
                            .notRecent()
                            .build(raw), session);
                        messages++;
                    }
                    default -> throw AdminProblem.badRequest("line " + lineNumber + ": unknown type '" + type + "'");
                }
            }
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        ObjectNode out = AdminRoutes.JSON.createObjectNode();
        out.put("folders", folders.size()).put("messages", messages);
        return out;
    }

    private MessageManager folder(Username user, MailboxSession session, String name, Map<String, MessageManager> cache) throws Exception {
        MessageManager known = cache.get(name);
        if (known != null) {
            return known;
        }
        MailboxPath path = MailboxPath.forUser(user, name);
        if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
            mailboxManager.createMailbox(path, session);
        }
        MessageManager folder = mailboxManager.getMailbox(path, session);
        cache.put(name, folder);
        return folder;
    }
}

package org.cpmmss.james.ops.viewer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.filetransfer.FileContent;
import org.cpmmss.cpm.filetransfer.FileObject;
import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.filetransfer.FileTransferRecord;
import org.cpmmss.cpm.fthttp.FtHttpFileInfo;
import org.cpmmss.cpm.fthttp.FtHttpInfo;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.cpm.session.SessionHistory;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;

/**
 * Renders one folder (a conversation) as static HTML: chat bubbles in time order (sent on the right,
 * received on the left, from {@code Message-Direction}), delivered/displayed ticks (keywords
 * {@code $delivered}, {@code $displayed}, {@code $delivery-failed}, or disposition notifications stored in
 * the same folder), file transfers with name, size and thumbnail, and the members of the latest Group
 * State Object. Everything taken from an object is escaped.
 */
public final class ConversationRenderer {
    static final int MAX_THUMBNAIL_BYTES = 256 * 1024;
    private static final Pattern IMAGE_TYPE = Pattern.compile("image/(png|jpeg|gif|webp)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    private final CpmObjectClassifier classifier = new CpmObjectClassifier();
    private final FileTransferObjects fileTransfers = new FileTransferObjects();
    private final SessionObjects sessions = new SessionObjects();
    private final CpmAddressNormalizer normalizer;

    /** @param normalizer the configured address normaliser ({@code cpm.address.country-code}) */
    ConversationRenderer(CpmAddressNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** One line of the conversation before it is written. */
    private record Entry(OffsetDateTime time, long uid, int index, String html) {
    }

    private record Latest(GroupState state, long uid) {
    }

    /**
     * {@code candidate}'s group state when it is newer than {@code latest} (by timestamp, then UID); empty when it is
     * not, or when it cannot be read (then {@code candidate.groupStateUnreadable} is set).
     */
    private static Optional<Latest> newer(Latest latest, ParsedItem candidate) {
        try {
            GroupState state = GroupState.parse(candidate.object.part().decodedBody());
            long uid = candidate.item.uid();
            if (latest == null || state.timestamp().isAfter(latest.state.timestamp())
                || (state.timestamp().isEqual(latest.state.timestamp()) && uid > latest.uid)) {
                return Optional.of(new Latest(state, uid));
            }
            return Optional.empty();
        } catch (Exception e) {
            candidate.groupStateUnreadable = true;
            return Optional.empty();
        }
    }

    public String render(String owner, String folder, List<StoredItem> items, String listHref) {
        return render(owner, folder, items, List.of(), Optional.empty(), items.size(), listHref);
    }

    /**
     * One page of a conversation: {@code items} (ascending UIDs); {@code outsideGroupStates}, Group State Objects
     * that lie outside the page (used for the members only: the latest by timestamp of all wins); {@code olderThan}, the lowest UID shown when
     * older objects exist (a link to the page before it).
     */
    public String render(String owner, String folder, List<StoredItem> items, List<StoredItem> outsideGroupStates,
                         Optional<Long> olderThan, int limit, String listHref) {
        List<Entry> entries = new ArrayList<>();
        Set<String> delivered = new HashSet<>();
        Set<String> displayed = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Latest latest = null;
        Optional<String> subject = Optional.empty();
        List<ParsedItem> parsed = new ArrayList<>();
        for (StoredItem item : items) {
            ParsedItem p = ParsedItem.of(item, classifier);
            parsed.add(p);
            if (subject.isEmpty() && p.headers != null) {
                subject = p.headers.subject();
            }
            if (p.type == CpmObjectType.DISPOSITION_NOTIFICATION) {
                try {
                    ImdnNotification imdn = ImdnNotification.parse(p.cpim.payload().decodedBody());
                    switch (imdn.status()) {
                        case DISPLAYED -> displayed.add(imdn.messageId());
                        case DELIVERED -> delivered.add(imdn.messageId());
                        case FAILED, FORBIDDEN, ERROR -> {
                            if (imdn.kind() == NotificationKind.DELIVERY) {
                                failed.add(imdn.messageId());
                            }
                        }
                        default -> { }
                    }
                } catch (Exception e) {
                    // an unreadable notification is shown as an unknown object below
                    p.type = CpmObjectType.CPIM_OTHER;
                }
            }
            if (p.type == CpmObjectType.GROUP_STATE) {
                Optional<Latest> newer = newer(latest, p);
                if (newer.isPresent()) {
                    latest = newer.get();
                } else if (p.groupStateUnreadable) {
                    p.type = CpmObjectType.MEDIA;
                }
            }
        }
        for (StoredItem outside : outsideGroupStates) {
            ParsedItem p = ParsedItem.of(outside, classifier);
            if (p.type == CpmObjectType.GROUP_STATE) {
                latest = newer(latest, p).orElse(latest); // an unreadable one shows no members
            }
        }
        int index = 0;
        for (ParsedItem p : parsed) {
            index++;
            String html = entry(p, delivered, displayed, failed);
            if (html != null) {
                entries.add(new Entry(p.time, p.item.uid(), index, html));
            }
        }
        entries.sort(Comparator.comparing(Entry::time).thenComparingLong(Entry::uid).thenComparingInt(Entry::index));

        StringBuilder out = new StringBuilder();
        page(out, "Conversation " + title(folder));
        out.append("<header><a class=\"back\" href=\"").append(Html.escape(listHref)).append("\">&larr; conversations</a>")
            .append("<h1 class=\"conversation-title\">").append(Html.escape(title(folder))).append("</h1>")
            .append("<p class=\"owner\">").append(Html.escape(owner)).append(" &middot; folder <code class=\"folder\">")
            .append(Html.escape(folder)).append("</code></p>");
        subject.ifPresent(s -> out.append("<p class=\"subject\">").append(Html.escape(s)).append("</p>"));
        out.append("</header>");
        if (latest != null) {
            members(out, latest.state);
        }
        olderThan.ifPresent(uid -> out.append("<p class=\"older\"><a href=\"conversation?folder=")
            .append(Html.escape(Html.urlEncode(folder))).append("&amp;before=").append(uid).append("&amp;limit=").append(limit)
            .append("\">&uarr; older messages</a></p>"));
        out.append("<main class=\"messages\">");
        if (entries.isEmpty()) {
            out.append("<p class=\"empty\">No messages.</p>");
        }
        for (Entry e : entries) {
            out.append(e.html);
        }
        out.append("</main>");
        end(out);
        return out.toString();
    }

    private static void members(StringBuilder out, GroupState state) {
        out.append("<section class=\"members\"><h2>Members</h2><p class=\"group-meta\">")
            .append(Html.escape(state.groupType())).append(" group, state of ")
            .append(Html.escape(TIME.format(state.timestamp()))).append("</p><ul>");
        for (GroupState.Participant participant : state.participants()) {
            out.append("<li class=\"member\" data-addr=\"").append(Html.escape(participant.commAddr())).append("\">");
            String name = participant.name();
            if (name != null && !name.isBlank()) {
                out.append("<span class=\"member-name\">").append(Html.escape(name)).append("</span> ");
            }
            out.append("<span class=\"member-addr\">").append(Html.escape(participant.commAddr())).append("</span></li>");
        }
        out.append("</ul></section>");
    }

    private String entry(ParsedItem p, Set<String> delivered, Set<String> displayed, Set<String> failed) {
        try {
            switch (p.type) {
                case DISPOSITION_NOTIFICATION:
                case GROUP_STATE:
                    return null;
                case CHAT_MESSAGE:
                case SMS:
                    return bubble(p, text(p), delivered, displayed, failed);
                case MMS:
                    return bubble(p, mms(p), delivered, displayed, failed);
                case FILE_TRANSFER_HTTP:
                    return bubble(p, ftHttp(p), delivered, displayed, failed);
                case FILE_TRANSFER_HISTORY:
                    return bubble(p, ftHistory(p), delivered, displayed, failed);
                case SESSION_INFO:
                    return system(p, sessionInfo(sessions.readSessionInfo(p.object), p));
                case SESSION_HISTORY:
                    return sessionHistory(p);
                default:
                    return system(p, "<span class=\"other\">Stored object (" + Html.escape(p.object == null
                        ? "unreadable" : p.object.contentType().mimeType()) + ")</span>");
            }
        } catch (Exception e) {
            return system(p, "<span class=\"other\">Unreadable object: " + Html.escape(e.getMessage()) + "</span>");
        }
    }

    private String bubble(ParsedItem p, String content, Set<String> delivered, Set<String> displayed, Set<String> failed) {
        boolean sent = p.direction == Direction.SENT;
        StringBuilder out = new StringBuilder();
        out.append("<article class=\"bubble ").append(sent ? "sent" : "received").append(" type-")
            .append(p.type.name().toLowerCase(Locale.ROOT).replace('_', '-')).append("\" data-uid=\"").append(p.item.uid()).append('"');
        p.imdnId.ifPresent(id -> out.append(" data-imdn-id=\"").append(Html.escape(id)).append('"'));
        out.append('>');
        if (!sent) {
            p.from.ifPresent(f -> out.append("<div class=\"from\">").append(Html.escape(f)).append("</div>"));
        }
        out.append("<div class=\"content\">").append(content).append("</div>");
        out.append("<div class=\"meta\"><time>").append(Html.escape(TIME.format(p.time))).append("</time>");
        if (sent) {
            out.append(ticks(p, delivered, displayed, failed));
        }
        out.append("</div></article>");
        return out.toString();
    }

    private static String ticks(ParsedItem p, Set<String> delivered, Set<String> displayed, Set<String> failed) {
        String id = p.imdnId.orElse(null);
        Set<String> flags = p.item.flags();
        boolean isDisplayed = flags.contains("$displayed") || (id != null && displayed.contains(id));
        boolean isDelivered = isDisplayed || flags.contains("$delivered") || (id != null && delivered.contains(id));
        boolean isFailed = flags.contains("$delivery-failed") || (id != null && failed.contains(id));
        if (isFailed && !isDelivered) {
            return "<span class=\"tick failed\" title=\"delivery failed\">!</span>";
        }
        if (isDisplayed) {
            return "<span class=\"tick displayed\" title=\"displayed\">&#10003;&#10003;</span>";
        }
        if (isDelivered) {
            return "<span class=\"tick delivered\" title=\"delivered\">&#10003;</span>";
        }
        return "<span class=\"tick pending\" title=\"sent\"></span>";
    }

    private static String system(ParsedItem p, String content) {
        return "<div class=\"system\" data-uid=\"" + p.item.uid() + "\">" + content + " <time>"
            + Html.escape(TIME.format(p.time)) + "</time></div>";
    }

    private static String text(ParsedItem p) throws Exception {
        if (p.cpim != null) {
            return "<p class=\"text\">" + Html.escape(decode(p.cpim.payload())) + "</p>";
        }
        return "<p class=\"text\">" + Html.escape(decode(p.object.part())) + "</p>";
    }

    private static String mms(ParsedItem p) throws Exception {
        MimePart payload = p.cpim.payload();
        String boundary = payload.contentType().parameter("boundary").orElse(null);
        StringBuilder out = new StringBuilder("<div class=\"mms\">");
        if (boundary == null) {
            return out.append("<p class=\"text\">").append(Html.escape(decode(payload))).append("</p></div>").toString();
        }
        for (MimePart part : org.cpmmss.cpm.mime.Multipart.split(payload.body(), boundary, org.cpmmss.cpm.mime.MimeLimits.DEFAULT)) {
            String type = part.contentType().mimeType().toLowerCase(Locale.ROOT);
            if (type.startsWith("text/")) {
                out.append("<p class=\"text\">").append(Html.escape(decode(part))).append("</p>");
            } else {
                byte[] data = part.decodedBody();
                out.append(image(type, data, "mms-image"));
                out.append("<p class=\"attachment\">").append(Html.escape(type)).append(", ").append(Html.escape(size(data.length))).append("</p>");
            }
        }
        return out.append("</div>").toString();
    }

    private static String ftHttp(ParsedItem p) throws Exception {
        FtHttpInfo info = FtHttpInfo.fromCpim(p.cpim);
        FtHttpFileInfo file = info.file();
        StringBuilder out = new StringBuilder("<div class=\"file-transfer\">");
        out.append("<span class=\"file-name\">").append(Html.escape(file.fileName().orElse("(no name)"))).append("</span>")
            .append(" <span class=\"file-size\" data-bytes=\"").append(file.size()).append("\">").append(Html.escape(size(file.size()))).append("</span>")
            .append(" <span class=\"file-type\">").append(Html.escape(file.contentType())).append("</span>");
        info.thumbnail().ifPresent(thumb -> out.append("<p class=\"thumbnail-ref\">thumbnail on the content server: ")
            .append(Html.escape(thumb.contentType())).append(", ").append(Html.escape(size(thumb.size()))).append("</p>"));
        out.append("<p class=\"file-url\">").append(Html.escape(file.url())).append(" (until ")
            .append(Html.escape(TIME.format(file.until()))).append(")</p>");
        return out.append("</div>").toString();
    }

    private String ftHistory(ParsedItem p) throws Exception {
        FileTransferRecord record = fileTransfers.read(p.object);
        StringBuilder out = new StringBuilder();
        for (FileObject file : record.history().files()) {
            out.append("<div class=\"file-transfer\">");
            Optional<FileContent> thumbnail = record.thumbnail(file);
            if (thumbnail.isPresent()) {
                out.append(image(thumbnail.get().contentType(), thumbnail.get().data(), "thumbnail"));
            } else {
                Optional<FileContent> content = record.content(file);
                if (content.isPresent() && content.get().data().length <= MAX_THUMBNAIL_BYTES) {
                    out.append(image(content.get().contentType(), content.get().data(), "thumbnail"));
                }
            }
            out.append("<span class=\"file-name\">").append(Html.escape(file.fileName())).append("</span>")
                .append(" <span class=\"file-size\" data-bytes=\"").append(file.size()).append("\">").append(Html.escape(size(file.size()))).append("</span>")
                .append(" <span class=\"file-type\">").append(Html.escape(file.contentType())).append("</span>")
                .append("</div>");
        }
        return out.toString();
    }

    private String sessionInfo(SessionInfo info, ParsedItem p) {
        StringBuilder out = new StringBuilder("<span class=\"session\">");
        out.append(Html.escape(info.sessionType())).append(" chat session");
        p.from.ifPresent(f -> out.append(" started by ").append(Html.escape(f)));
        if (!info.invitedParticipants().isEmpty()) {
            out.append(", invited: ").append(Html.escape(String.join(", ", info.invitedParticipants())));
        }
        return out.append("</span>").toString();
    }

    private String sessionHistory(ParsedItem p) throws Exception {
        SessionHistory history = sessions.readSessionHistory(p.object);
        StringBuilder out = new StringBuilder(system(p, sessionInfo(history.info(), p)));
        String inviter = p.from.map(this::normalized).orElse("");
        for (CpimMessage chat : history.chatMessages()) {
            ParsedItem part = new ParsedItem(p.item);
            part.type = CpmObjectType.CHAT_MESSAGE;
            part.cpim = chat;
            part.from = chat.from().map(ConversationRenderer::stripAngles);
            boolean byInviter = part.from.map(this::normalized).orElse("-").equals(inviter);
            part.direction = byInviter == (p.direction == Direction.SENT) ? Direction.SENT : Direction.RECEIVED;
            part.imdnId = chat.imdnMessageId();
            part.time = chat.dateTime().orElse(p.time);
            out.append(bubble(part, text(part), Set.of(), Set.of(), Set.of()));
        }
        return out.toString();
    }

    private String normalized(String address) {
        try {
            return normalizer.normalize(stripAngles(address)).uri();
        } catch (Exception e) {
            return address.trim();
        }
    }

    private static String stripAngles(String value) {
        String v = value.trim();
        int lt = v.indexOf('<');
        int gt = v.lastIndexOf('>');
        return lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v;
    }

    static String image(String contentType, byte[] data, String cssClass) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (!IMAGE_TYPE.matcher(type).matches() || data.length > MAX_THUMBNAIL_BYTES) {
            return "";
        }
        return "<img class=\"" + cssClass + "\" alt=\"thumbnail\" src=\"data:" + type + ";base64,"
            + Base64.getEncoder().encodeToString(data) + "\">";
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String unit = bytes < 1024 * 1024 ? "KiB" : "MiB";
        double value = bytes < 1024 * 1024 ? bytes / 1024.0 : bytes / (1024.0 * 1024);
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, unit, bytes);
    }

    private static String decode(MimePart part) throws Exception {
        Charset charset = StandardCharsets.UTF_8;
        Optional<String> name = part.contentType().parameter("charset");
        if (name.isPresent()) {
            try {
                charset = Charset.forName(name.get().trim());
            } catch (Exception e) {
                charset = StandardCharsets.UTF_8;
            }
        }
        String text = new String(part.decodedBody(), charset);
        return text.replaceAll("(\r?\n)+$", "");
    }

    static String title(String folder) {
        return folder;
    }

    static void page(StringBuilder out, String title) {
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>").append(Html.escape(title)).append(" — cpm-mss</title><style>").append(CSS).append("</style></head><body>");
    }

    static void end(StringBuilder out) {
        out.append("<footer>cpm-mss read-only viewer</footer></body></html>");
    }

    static final String CSS = String.join("",
        "body{font-family:system-ui,sans-serif;background:#eef1f4;margin:0;padding:1em;color:#1c2530}",
        "header h1{font-size:1.2em;margin:.2em 0}code{font-size:.9em}.owner,.subject,.group-meta{color:#556;margin:.2em 0}",
        ".members{background:#fff;border-radius:8px;padding:.5em 1em;margin:1em 0}.members h2{font-size:1em;margin:.2em 0}",
        ".members ul{margin:.2em 0;padding-left:1.2em}.member-addr{color:#556;font-family:monospace}",
        ".messages{display:flex;flex-direction:column;gap:.5em;max-width:48em}",
        ".bubble{max-width:70%;padding:.5em .8em;border-radius:12px;box-shadow:0 1px 1px #0002}",
        ".bubble.sent{align-self:flex-end;background:#cdeccf}.bubble.received{align-self:flex-start;background:#fff}",
        ".bubble .from{font-size:.8em;color:#2a5db0}.text{margin:0;white-space:pre-wrap;word-wrap:break-word}",
        ".meta{font-size:.75em;color:#667;text-align:right}.tick{margin-left:.4em;color:#2a5db0;font-weight:bold}",
        ".tick.delivered{color:#889}.tick.failed{color:#c00}",
        ".system{align-self:center;font-size:.8em;color:#556;background:#dde3ea;border-radius:8px;padding:.2em .6em}",
        ".file-transfer{display:flex;flex-wrap:wrap;gap:.4em;align-items:center}.file-name{font-weight:bold}",
        ".file-size,.file-type{color:#556;font-size:.85em}.thumbnail,.mms-image{width:64px;height:64px;object-fit:cover;image-rendering:pixelated;border-radius:4px;background:#fff}",
        ".file-url,.thumbnail-ref{flex-basis:100%;font-size:.75em;color:#667;margin:0;word-break:break-all}",
        ".conversations{list-style:none;padding:0;max-width:48em}.conversations li{background:#fff;border-radius:8px;margin:.4em 0;padding:.5em 1em}",
        ".count{color:#667;font-size:.85em}footer{margin-top:2em;font-size:.75em;color:#889}");

    /** An object of the folder with what the renderer reads from it. */
    private static final class ParsedItem {
        final StoredItem item;
        StoredObject object;
        CpmObjectHeaders headers;
        CpmObjectType type = CpmObjectType.MEDIA;
        CpimMessage cpim;
        Direction direction = Direction.RECEIVED;
        Optional<String> from = Optional.empty();
        Optional<String> imdnId = Optional.empty();
        OffsetDateTime time;
        boolean groupStateUnreadable;

        ParsedItem(StoredItem item) {
            this.item = item;
            this.time = OffsetDateTime.ofInstant(item.internalDate() == null ? Instant.EPOCH : item.internalDate(), ZoneOffset.UTC);
        }

        static ParsedItem of(StoredItem item, CpmObjectClassifier classifier) {
            ParsedItem p = new ParsedItem(item);
            try {
                p.object = StoredObject.parse(item.raw());
                p.headers = p.object.headers();
                p.type = classifier.classify(p.object);
                p.direction = p.headers.direction().orElse(Direction.RECEIVED);
                p.from = p.headers.from();
                p.imdnId = p.headers.imdnMessageId();
                if (p.object.contentType().is("message/cpim")) {
                    p.cpim = CpimMessage.parse(p.object.body());
                    if (p.imdnId.isEmpty()) {
                        p.imdnId = p.cpim.imdnMessageId();
                    }
                    Optional<OffsetDateTime> dateTime = safe(p.cpim);
                    if (dateTime.isPresent()) {
                        p.time = dateTime.get();
                        return p;
                    }
                }
                Optional<String> date = p.headers.date();
                if (date.isPresent()) {
                    p.time = CpmDates.parseMailDate(date.get().trim());
                }
            } catch (Exception e) {
                if (p.type == null) {
                    p.type = CpmObjectType.MEDIA;
                }
            }
            return p;
        }

        private static Optional<OffsetDateTime> safe(CpimMessage cpim) {
            try {
                return cpim.dateTime();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
    }
}

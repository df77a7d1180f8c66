package org.cpmmss.james.ops.viewer;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjectType;

/**
 * Renders one folder (a conversation) as static HTML: chat bubbles in time order (sent on the right,
 * received on the left, from {@code Message-Direction}), delivered/displayed ticks (keywords
 * {@code $delivered}, {@code $displayed}, {@code $delivery-failed}, or disposition notifications stored in
 * the same folder), file transfers with name, size and thumbnail, and the members of the latest Group
 * State Object. Everything taken from an object is escaped. This class reads the folder and lays out the page;
 * the lines are drawn by {@link BubbleRenderer}, {@link AttachmentRenderer}, {@link SessionRenderer} and
 * {@link GroupStateRenderer} in the frame of {@link ViewerPage}.
 */
public final class ConversationRenderer {
    private final CpmObjectClassifier classifier = new CpmObjectClassifier();
    private final AttachmentRenderer attachments = new AttachmentRenderer();
    private final SessionRenderer sessions;

    /** @param normalizer the configured address normaliser ({@code cpm.address.country-code}) */
    ConversationRenderer(CpmAddressNormalizer normalizer) {
        this.sessions = new SessionRenderer(normalizer);
    }

    /** One line of the conversation before it is written. */
    private record Entry(OffsetDateTime time, long uid, int index, String html) {
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
        GroupStateRenderer.Latest latest = null;
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
                Optional<GroupStateRenderer.Latest> newer = GroupStateRenderer.newer(latest, p);
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
                latest = GroupStateRenderer.newer(latest, p).orElse(latest); // an unreadable one shows no members
            }
        }
        BubbleRenderer.Dispositions dispositions = new BubbleRenderer.Dispositions(delivered, displayed, failed);
        int index = 0;
        for (ParsedItem p : parsed) {
            index++;
            String html = entry(p, dispositions);
            if (html != null) {
                entries.add(new Entry(p.time, p.item.uid(), index, html));
            }
        }
        entries.sort(Comparator.comparing(Entry::time).thenComparingLong(Entry::uid).thenComparingInt(Entry::index));

        StringBuilder out = new StringBuilder();
        ViewerPage.page(out, "Conversation " + title(folder));
        out.append("<header><a class=\"back\" href=\"").append(Html.escape(listHref)).append("\">&larr; conversations</a>")
            .append("<h1 class=\"conversation-title\">").append(Html.escape(title(folder))).append("</h1>")
            .append("<p class=\"owner\">").append(Html.escape(owner)).append(" &middot; folder <code class=\"folder\">")
            .append(Html.escape(folder)).append("</code></p>");
        subject.ifPresent(s -> out.append("<p class=\"subject\">").append(Html.escape(s)).append("</p>"));
        out.append("</header>");
        if (latest != null) {
            GroupStateRenderer.members(out, latest.state());
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
        ViewerPage.end(out);
        return out.toString();
    }

    /** The object's line on the page; null for what is shown otherwise (notifications as ticks, group states as members). */
    private String entry(ParsedItem p, BubbleRenderer.Dispositions dispositions) {
        try {
            switch (p.type) {
                case DISPOSITION_NOTIFICATION:
                case GROUP_STATE:
                    return null;
                case CHAT_MESSAGE:
                case SMS:
                    return BubbleRenderer.bubble(p, BubbleRenderer.text(p), dispositions);
                case MMS:
                    return BubbleRenderer.bubble(p, attachments.mms(p), dispositions);
                case FILE_TRANSFER_HTTP:
                    return BubbleRenderer.bubble(p, attachments.ftHttp(p), dispositions);
                case FILE_TRANSFER_HISTORY:
                    return BubbleRenderer.bubble(p, attachments.ftHistory(p), dispositions);
                case SESSION_INFO:
                    return BubbleRenderer.system(p, sessions.sessionInfo(p));
                case SESSION_HISTORY:
                    return sessions.sessionHistory(p);
                default:
                    return BubbleRenderer.system(p, "<span class=\"other\">Stored object (" + Html.escape(p.object == null
                        ? "unreadable" : p.object.contentType().mimeType()) + ")</span>");
            }
        } catch (Exception e) {
            return BubbleRenderer.system(p, "<span class=\"other\">Unreadable object: " + Html.escape(e.getMessage()) + "</span>");
        }
    }

    static String title(String folder) {
        return folder;
    }
}

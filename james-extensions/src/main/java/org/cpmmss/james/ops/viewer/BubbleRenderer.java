package org.cpmmss.james.ops.viewer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.object.Direction;

/**
 * One line of a conversation page: a chat bubble (sent on the right with its delivered/displayed tick, received on
 * the left with its sender), or a system line (sessions, unknown objects); and text payloads decoded in their
 * declared charset. Everything taken from an object is escaped.
 */
final class BubbleRenderer {
    private BubbleRenderer() {
    }

    /** The IMDN ids of the folder's disposition notifications, by what they report. */
    record Dispositions(Set<String> delivered, Set<String> displayed, Set<String> failed) {
        static final Dispositions NONE = new Dispositions(Set.of(), Set.of(), Set.of());
    }

    static String bubble(ParsedItem p, String content, Dispositions dispositions) {
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
        out.append("<div class=\"meta\"><time>").append(ViewerPage.time(p.time)).append("</time>");
        if (sent) {
            out.append(ticks(p, dispositions));
        }
        out.append("</div></article>");
        return out.toString();
    }

    private static String ticks(ParsedItem p, Dispositions dispositions) {
        String id = p.imdnId.orElse(null);
        Set<String> flags = p.item.flags();
        boolean isDisplayed = flags.contains("$displayed") || (id != null && dispositions.displayed().contains(id));
        boolean isDelivered = isDisplayed || flags.contains("$delivered") || (id != null && dispositions.delivered().contains(id));
        boolean isFailed = flags.contains("$delivery-failed") || (id != null && dispositions.failed().contains(id));
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

    static String system(ParsedItem p, String content) {
        return "<div class=\"system\" data-uid=\"" + p.item.uid() + "\">" + content + " <time>"
            + ViewerPage.time(p.time) + "</time></div>";
    }

    /** The text of a chat message or SMS: the CPIM payload, else the object's own body. */
    static String text(ParsedItem p) throws Exception {
        if (p.cpim != null) {
            return "<p class=\"text\">" + Html.escape(decode(p.cpim.payload())) + "</p>";
        }
        return "<p class=\"text\">" + Html.escape(decode(p.object.part())) + "</p>";
    }

    /** A text part in its declared charset (UTF-8 when none or unknown), without trailing line ends. */
    static String decode(MimePart part) throws Exception {
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
}

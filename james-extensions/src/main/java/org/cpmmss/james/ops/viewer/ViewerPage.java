package org.cpmmss.james.ops.viewer;

import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * The frame of every page of the viewer: the document head with its title and style sheet, the footer, and the one
 * date-time format the pages show.
 */
final class ViewerPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    private ViewerPage() {
    }

    /** A date-time as the pages show it, escaped. */
    static String time(TemporalAccessor time) {
        return Html.escape(TIME.format(time));
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
}

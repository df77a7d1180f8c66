package org.cpmmss.cpm.object;

import java.util.Set;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.ContentType;

/**
 * What a CPM object that is none of the CPM formats may be: a standalone media object, one file of a media type
 * ({@code image/*}, {@code audio/*}, {@code video/*}, {@code text/*}, or one of {@link #APPLICATION_TYPES}).
 * A multipart body is a CPM format only as a session or file transfer history (its {@code type} parameter says
 * which), and any other type carrying CPM headers (an unknown {@code application/x-…}, {@code message/rfc822},
 * a multipart without a known root) is refused: nothing would ever read it as the conversation object it claims
 * to be.
 */
public final class StandaloneMedia {
    private static final Set<String> MEDIA_TOP_LEVEL = Set.of("image", "audio", "video", "text");
    /** Application types that are files a user sends (documents, contact cards, locations, binary files). */
    public static final Set<String> APPLICATION_TYPES = Set.of("application/octet-stream", "application/pdf",
        "application/vcard+xml", "application/vnd.gsma.rcspushlocation+xml", "application/zip");

    private StandaloneMedia() {
    }

    public static void check(ContentType type) throws CpmFormatException {
        String mime = type.mimeType();
        if (mime.startsWith("multipart/")) {
            throw new CpmFormatException("a multipart CPM object must be a session history (type=Application/X-CPM-Session)"
                + " or a file transfer history (type=Application/X-CPM-File-Transfer), not " + shorten(mime)
                + type.parameter("type").map(t -> "; type=" + shorten(t)).orElse(" without a type"));
        }
        int slash = mime.indexOf('/');
        String top = slash < 0 ? "" : mime.substring(0, slash);
        if (!MEDIA_TOP_LEVEL.contains(top) && !APPLICATION_TYPES.contains(mime)) {
            throw new CpmFormatException("Content-Type " + (mime.isEmpty() ? "(unreadable)" : shorten(mime))
                + " is not a CPM object type nor a standalone media type (image, audio, video, text, "
                + String.join(", ", APPLICATION_TYPES.stream().sorted().toList()) + ")");
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}

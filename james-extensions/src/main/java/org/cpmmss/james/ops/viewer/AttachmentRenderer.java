package org.cpmmss.james.ops.viewer;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.cpmmss.cpm.filetransfer.FileContent;
import org.cpmmss.cpm.filetransfer.FileObject;
import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.filetransfer.FileTransferRecord;
import org.cpmmss.cpm.fthttp.FtHttpFileInfo;
import org.cpmmss.cpm.fthttp.FtHttpInfo;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.mime.Multipart;

/**
 * The content of a bubble that carries files: an MMS (its text parts and images), a file transfer over HTTP (name,
 * size, type, the content server's link and thumbnail) and a stored file transfer history (each file with its
 * thumbnail, or the file itself when it is a small image). Images are inlined as data URIs up to
 * {@link #MAX_THUMBNAIL_BYTES}; everything taken from an object is escaped.
 */
final class AttachmentRenderer {
    static final int MAX_THUMBNAIL_BYTES = 256 * 1024;
    private static final Pattern IMAGE_TYPE = Pattern.compile("image/(png|jpeg|gif|webp)");

    private final FileTransferObjects fileTransfers = new FileTransferObjects();

    String mms(ParsedItem p) throws Exception {
        MimePart payload = p.cpim.payload();
        String boundary = payload.contentType().parameter("boundary").orElse(null);
        StringBuilder out = new StringBuilder("<div class=\"mms\">");
        if (boundary == null) {
            return out.append("<p class=\"text\">").append(Html.escape(BubbleRenderer.decode(payload))).append("</p></div>").toString();
        }
        for (MimePart part : Multipart.split(payload.body(), boundary, MimeLimits.DEFAULT)) {
            String type = part.contentType().mimeType().toLowerCase(Locale.ROOT);
            if (type.startsWith("text/")) {
                out.append("<p class=\"text\">").append(Html.escape(BubbleRenderer.decode(part))).append("</p>");
            } else {
                byte[] data = part.decodedBody();
                out.append(image(type, data, "mms-image"));
                out.append("<p class=\"attachment\">").append(Html.escape(type)).append(", ").append(Html.escape(size(data.length))).append("</p>");
            }
        }
        return out.append("</div>").toString();
    }

    String ftHttp(ParsedItem p) throws Exception {
        FtHttpInfo info = FtHttpInfo.fromCpim(p.cpim);
        FtHttpFileInfo file = info.file();
        StringBuilder out = new StringBuilder("<div class=\"file-transfer\">");
        out.append("<span class=\"file-name\">").append(Html.escape(file.fileName().orElse("(no name)"))).append("</span>")
            .append(" <span class=\"file-size\" data-bytes=\"").append(file.size()).append("\">").append(Html.escape(size(file.size()))).append("</span>")
            .append(" <span class=\"file-type\">").append(Html.escape(file.contentType())).append("</span>");
        info.thumbnail().ifPresent(thumb -> out.append("<p class=\"thumbnail-ref\">thumbnail on the content server: ")
            .append(Html.escape(thumb.contentType())).append(", ").append(Html.escape(size(thumb.size()))).append("</p>"));
        out.append("<p class=\"file-url\">").append(Html.escape(file.url())).append(" (until ")
            .append(ViewerPage.time(file.until())).append(")</p>");
        return out.append("</div>").toString();
    }

    String ftHistory(ParsedItem p) throws Exception {
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
}

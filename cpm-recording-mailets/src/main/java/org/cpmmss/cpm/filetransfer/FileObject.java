package org.cpmmss.cpm.filetransfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.xml.XmlElement;
import org.cpmmss.cpm.xml.XmlText;

/**
 * One {@code <file-object>} of a file transfer history: {@code <cid>cid:X</cid>} pointing at the body
 * part with {@code Content-ID: <X>}, and an {@code <sdp>} with the RFC 5547 attributes
 * {@code a=file-selector:name:"…" type:… size:…}, {@code a=file-disposition:…},
 * {@code a=file-date:creation:"…"} and {@code a=file-icon:cid:…} (the thumbnail).
 *
 * @param cid Content-ID of the part holding the file, without {@code cid:} and angle brackets
 * @param fileName required
 * @param size required, bytes
 * @param contentType required
 * @param creationDate optional, RFC 5322 date as written
 * @param disposition optional ({@code render}, {@code attachment})
 * @param thumbnailCid optional Content-ID of the part holding the thumbnail
 */
public record FileObject(String cid, String fileName, long size, String contentType, Optional<String> creationDate,
                         Optional<String> disposition, Optional<String> thumbnailCid) {
    private static final Pattern NAME = Pattern.compile("name:\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("(?:^|\\s)type:(\\S+)");
    private static final Pattern SIZE = Pattern.compile("(?:^|\\s)size:([0-9]{1,18})(?:\\s|$)");
    private static final Pattern DATE = Pattern.compile("creation:\"([^\"]*)\"");

    public FileObject {
        Objects.requireNonNull(cid);
        Objects.requireNonNull(fileName);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(creationDate);
        Objects.requireNonNull(disposition);
        Objects.requireNonNull(thumbnailCid);
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    static FileObject read(XmlElement e) throws CpmFormatException {
        String cid = e.childText("cid").map(FileObject::stripCid).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new CpmFormatException("file-object: cid is missing"));
        String sdp = e.childText("sdp").orElseThrow(() -> new CpmFormatException("file-object: sdp is missing"));
        String selector = null;
        Optional<String> disposition = Optional.empty();
        Optional<String> date = Optional.empty();
        Optional<String> icon = Optional.empty();
        for (String rawLine : sdp.split("\r?\n|\r")) {
            String line = rawLine.trim();
            if (line.startsWith("a=file-selector:")) {
                selector = line.substring("a=file-selector:".length());
            } else if (line.startsWith("a=file-disposition:")) {
                disposition = Optional.of(line.substring("a=file-disposition:".length()).trim());
            } else if (line.startsWith("a=file-date:")) {
                Matcher m = DATE.matcher(line);
                if (m.find()) {
                    date = Optional.of(m.group(1));
                }
            } else if (line.startsWith("a=file-icon:")) {
                icon = Optional.of(stripCid(line.substring("a=file-icon:".length())));
            }
        }
        if (selector == null) {
            throw new CpmFormatException("file-object " + cid + ": a=file-selector is missing");
        }
        Matcher n = NAME.matcher(selector);
        Matcher t = TYPE.matcher(selector);
        Matcher s = SIZE.matcher(selector);
        if (!n.find() || n.group(1).isEmpty()) {
            throw new CpmFormatException("file-object " + cid + ": file name is missing");
        }
        if (!t.find()) {
            throw new CpmFormatException("file-object " + cid + ": file type is missing");
        }
        if (!s.find()) {
            throw new CpmFormatException("file-object " + cid + ": file size is missing");
        }
        return new FileObject(cid, n.group(1), Long.parseLong(s.group(1)), t.group(1), date, disposition,
                icon.filter(i -> !i.isEmpty()));
    }

    static String stripCid(String v) {
        String s = v.trim();
        if (s.regionMatches(true, 0, "cid:", 0, 4)) {
            s = s.substring(4).trim();
        }
        if (s.startsWith("<") && s.endsWith(">") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s;
    }

    /** The SDP lines describing this file. */
    public List<String> sdpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("a=sendonly");
        lines.add("a=file-selector:name:\"" + fileName + "\" type:" + contentType + " size:" + size);
        disposition.ifPresent(d -> lines.add("a=file-disposition:" + d));
        creationDate.ifPresent(d -> lines.add("a=file-date:creation:\"" + d + "\""));
        thumbnailCid.ifPresent(c -> lines.add("a=file-icon:cid:" + c));
        return lines;
    }

    void validateForWriting() throws CpmFormatException {
        check("file name", fileName);
        check("content type", contentType);
        if (fileName.isEmpty() || fileName.contains("\"") || contentType.isEmpty() || contentType.matches(".*\\s.*")
                || creationDate.map(d -> d.contains("\"")).orElse(false)
                || cid.isEmpty() || cid.matches(".*[\\s<>].*")) {
            throw new CpmFormatException("file-object " + cid + ": name, type, date or cid cannot be written in SDP");
        }
    }

    private static void check(String what, String v) throws CpmFormatException {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20) {
                throw new CpmFormatException("file-object: " + what + " contains a control character");
            }
        }
    }

    String toXml() {
        return "<file-object><cid>cid:" + XmlText.escape(cid) + "</cid><sdp>"
                + XmlText.escapeText(String.join("\n", sdpLines())) + "</sdp></file-object>";
    }
}

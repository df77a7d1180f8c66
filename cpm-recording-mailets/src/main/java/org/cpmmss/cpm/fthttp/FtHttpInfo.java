package org.cpmmss.cpm.fthttp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.xml.SafeXml;
import org.cpmmss.cpm.xml.XmlElement;
import org.cpmmss.cpm.xml.XmlText;

/**
 * The RCS file-transfer-over-HTTP document ({@code application/vnd.gsma.rcs-ft-http+xml}) carried in
 * message/cpim: an optional thumbnail {@code file-info} and the file {@code file-info}.
 */
public record FtHttpInfo(Optional<FtHttpFileInfo> thumbnail, FtHttpFileInfo file) {
    public static final String CONTENT_TYPE = "application/vnd.gsma.rcs-ft-http+xml";
    public static final String NAMESPACE = "urn:gsma:params:xml:ns:rcs:rcs:fthttp";

    public FtHttpInfo {
        Objects.requireNonNull(thumbnail);
        Objects.requireNonNull(file);
    }

    public static FtHttpInfo parse(byte[] xml) throws CpmFormatException {
        return parse(xml, SafeXml.defaults());
    }

    public static FtHttpInfo parse(byte[] xml, SafeXml parser) throws CpmFormatException {
        XmlElement root = parser.parse(xml);
        if (!root.localName().equals("file")) {
            throw new CpmFormatException("FT-HTTP: root element must be file");
        }
        if (!root.namespace().isEmpty() && !root.namespace().equals(NAMESPACE)) {
            throw new CpmFormatException("FT-HTTP: root element file must be in namespace " + NAMESPACE + " (or none)");
        }
        FtHttpFileInfo thumb = null;
        FtHttpFileInfo file = null;
        for (XmlElement info : root.childrenNamed("file-info")) {
            String type = info.attribute("type").orElse("");
            if (type.equals("thumbnail")) {
                if (thumb != null) {
                    throw new CpmFormatException("FT-HTTP: more than one thumbnail file-info");
                }
                thumb = read(info, false);
            } else if (type.equals("file")) {
                if (file != null) {
                    throw new CpmFormatException("FT-HTTP: more than one file file-info");
                }
                file = read(info, true);
            } else {
                throw new CpmFormatException("FT-HTTP: file-info type must be file or thumbnail");
            }
        }
        if (file == null) {
            throw new CpmFormatException("FT-HTTP: file-info of type file is missing");
        }
        return new FtHttpInfo(Optional.ofNullable(thumb), file);
    }

    private static FtHttpFileInfo read(XmlElement info, boolean isFile) throws CpmFormatException {
        String sizeText = info.childText("file-size")
                .orElseThrow(() -> new CpmFormatException("FT-HTTP: file-size is missing"));
        if (!sizeText.matches("[0-9]{1,18}")) {
            throw new CpmFormatException("FT-HTTP: file-size is not a number");
        }
        Optional<String> name = info.childText("file-name").filter(s -> !s.isEmpty());
        if (isFile && name.isEmpty()) {
            throw new CpmFormatException("FT-HTTP: file-name is missing");
        }
        String type = info.childText("content-type").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new CpmFormatException("FT-HTTP: content-type is missing"));
        XmlElement data = info.child("data").orElseThrow(() -> new CpmFormatException("FT-HTTP: data is missing"));
        String url = data.attribute("url").map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new CpmFormatException("FT-HTTP: data/@url is missing"));
        String until = data.attribute("until")
                .orElseThrow(() -> new CpmFormatException("FT-HTTP: data/@until is missing"));
        return new FtHttpFileInfo(Long.parseLong(sizeText), name, type, url, CpmDates.parseDateTime(until),
                info.attribute("file-disposition"));
    }

    /** The document inside a message/cpim whose payload is {@value #CONTENT_TYPE}. */
    public static FtHttpInfo fromCpim(CpimMessage cpim) throws CpmFormatException {
        if (!cpim.payloadContentType().is(CONTENT_TYPE)) {
            throw new CpmFormatException("message/cpim payload is not " + CONTENT_TYPE);
        }
        return parse(cpim.payload().decodedBody());
    }

    public byte[] toXml() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
        b.append("<file xmlns=\"").append(NAMESPACE).append("\">\r\n");
        thumbnail.ifPresent(t -> write(b, "thumbnail", t));
        write(b, "file", file);
        b.append("</file>\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder b, String type, FtHttpFileInfo i) {
        b.append("  <file-info type=\"").append(type).append('"');
        i.disposition().ifPresent(d -> b.append(" file-disposition=\"").append(XmlText.escape(d)).append('"'));
        b.append(">\r\n");
        b.append("    <file-size>").append(i.size()).append("</file-size>\r\n");
        i.fileName().ifPresent(n -> b.append("    <file-name>").append(XmlText.escape(n)).append("</file-name>\r\n"));
        b.append("    <content-type>").append(XmlText.escape(i.contentType())).append("</content-type>\r\n");
        b.append("    <data url=\"").append(XmlText.escape(i.url())).append("\" until=\"")
                .append(CpmDates.formatDateTime(i.until())).append("\"/>\r\n");
        b.append("  </file-info>\r\n");
    }
}

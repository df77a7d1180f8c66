package org.cpmmss.cpm.filetransfer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionVocabulary;
import org.cpmmss.cpm.xml.SafeXml;
import org.cpmmss.cpm.xml.XmlElement;
import org.cpmmss.cpm.xml.XmlTooLargeException;
import org.cpmmss.cpm.xml.XmlText;

/**
 * The root part ({@code Application/X-CPM-File-Transfer}) of a file transfer history object:
 * {@code <file-transfer-type>} (a kind of {@link SessionVocabulary}), {@code <invited-participants>} and one
 * {@code <file-object>} per file.
 * The bare element sequence (as in the OMA example) and a {@code <file-transfer>} wrapper are both
 * accepted; this library writes the wrapper so that the part is a well-formed XML document.
 */
public record FileTransferHistory(String transferType, List<String> invitedParticipants, List<FileObject> files) {
    public FileTransferHistory {
        Objects.requireNonNull(transferType);
        invitedParticipants = List.copyOf(invitedParticipants);
        files = List.copyOf(files);
    }

    public static FileTransferHistory parse(byte[] body) throws CpmFormatException {
        return parse(body, SafeXml.defaults());
    }

    public static FileTransferHistory parse(byte[] body, SafeXml parser) throws CpmFormatException {
        if (body.length > parser.maxBytes()) {
            throw new XmlTooLargeException("file transfer description too large: " + body.length + " bytes");
        }
        XmlElement root = parser.parse(wrapIfBare(body));
        if (!root.localName().equals("file-transfer")) {
            throw new CpmFormatException("file transfer history: unexpected root element " + shorten(root.localName()));
        }
        SessionVocabulary.requireNoNamespace("file transfer history", root);
        String type = root.childText("file-transfer-type").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new CpmFormatException("file transfer history: file-transfer-type is missing"));
        SessionVocabulary.requireKind("file transfer history: file-transfer-type", type);
        List<String> invited = SessionVocabulary.requireInvitedWithinLimit("file transfer history",
                SessionInfo.splitParticipants(root.childText("invited-participants").orElse("")));
        List<FileObject> files = new ArrayList<>();
        Set<String> cids = new HashSet<>();
        for (XmlElement e : root.childrenNamed("file-object")) {
            FileObject f = FileObject.read(e);
            if (!cids.add(f.cid())) {
                throw new CpmFormatException("file transfer history: cid " + shorten(f.cid()) + " used twice");
            }
            files.add(f);
        }
        if (files.isEmpty()) {
            throw new CpmFormatException("file transfer history: no file-object");
        }
        return new FileTransferHistory(type, invited, files);
    }

    private static byte[] wrapIfBare(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip();
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        if (s.startsWith("<?xml")) {
            int end = s.indexOf("?>");
            if (end < 0) {
                return body;
            }
            s = s.substring(end + 2).strip();
        }
        if (s.startsWith("<file-transfer>") || s.startsWith("<file-transfer ")) {
            return body;
        }
        return ("<file-transfer>" + s + "</file-transfer>").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] toXml() throws CpmFormatException {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<file-transfer>\r\n");
        b.append("<file-transfer-type>").append(XmlText.escape(transferType)).append("</file-transfer-type>\r\n");
        b.append("<invited-participants>").append(XmlText.escape(String.join(";", invitedParticipants)))
                .append("</invited-participants>\r\n");
        for (FileObject f : files) {
            f.validateForWriting();
            b.append(f.toXml()).append("\r\n");
        }
        b.append("</file-transfer>\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

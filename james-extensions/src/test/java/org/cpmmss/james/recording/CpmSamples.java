package org.cpmmss.james.recording;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cpmmss.james.testing.CpmObjectSamples;

/** CPM objects as a PF submits them (CRLF line ends), built from text so tests show the exact bytes. */
final class CpmSamples {
    private CpmSamples() {
    }

    static byte[] bytes(String text) {
        return CpmObjectSamples.bytes(text);
    }

    /** A chat message (1-1 when {@code to} is one address). {@code extra} are further header lines. */
    static byte[] chat(String from, String to, String conv, String contrib, String imdnId, String text, String... extra) {
        return CpmObjectSamples.chat(from, to, conv, contrib, imdnId, text, extra);
    }

    /** A delivery notification by {@code from} about message {@code reported}. */
    static byte[] delivered(String from, String to, String conv, String contrib, String imdnId, String reported) {
        return CpmObjectSamples.notification(from, to, conv, contrib, imdnId, reported, "delivery-notification", "delivered");
    }

    static byte[] sessionInfo(String from, String to, String conv, String contrib, String imdnId, String type,
                              String invited, String... extra) {
        return bytes("Date: Fri, 25 Mar 2016 10:40:00 +0100\n"
            + "From: " + from + "\n"
            + "To: " + to + "\n"
            + "Subject: a session\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: " + contrib + "\n"
            + String.join("", java.util.Arrays.stream(extra).map(l -> l + "\n").toList())
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: Application/X-CPM-Session\n"
            + "\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<session><session-type>" + type + "</session-type><invited-participants>" + invited
            + "</invited-participants></session>\n");
    }

    static byte[] groupState(String to, String conv, String contrib, String imdnId, String timestamp, String... participants) {
        StringBuilder p = new StringBuilder();
        for (String addr : participants) {
            p.append("  <participant name=\"\" comm-addr=\"").append(addr).append("\"/>\n");
        }
        return bytes("Date: Fri, 25 Mar 2016 11:00:00 +0100\n"
            + "From: sip:anonymous@anonymous.invalid\n"
            + "To: " + to + "\n"
            + "Subject: a group\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: " + contrib + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: Application/group-state-object+xml\n"
            + "\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<groupstate timestamp=\"" + timestamp + "\" lastfocussessionid=\"sip:focus@example.com\" group-type=\"Closed\">\n"
            + p
            + "</groupstate>\n");
    }

    /** A file transfer history with the given files (name → bytes). */
    static byte[] fileTransfer(String from, String to, String conv, String contrib, String imdnId, Map<String, byte[]> files) {
        StringBuilder root = new StringBuilder("<file-transfer-type>1-1</file-transfer-type>\n<invited-participants>" + to
            + "</invited-participants>\n");
        StringBuilder parts = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, byte[]> f : new LinkedHashMap<>(files).entrySet()) {
            String cid = "file" + (++i) + "@pf.test";
            root.append("<file-object>\n  <cid>cid:").append(cid).append("</cid>\n  <sdp>a=sendonly\n")
                .append("a=file-selector:name:\"").append(f.getKey()).append("\" type:application/octet-stream size:")
                .append(f.getValue().length).append("\n</sdp>\n</file-object>\n");
            parts.append("--cpm\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\nContent-ID: <")
                .append(cid).append(">\n\n").append(Base64.getMimeEncoder().encodeToString(f.getValue())).append("\n");
        }
        return bytes("Date: Fri, 25 Mar 2016 12:00:00 +0100\n"
            + "From: " + from + "\n"
            + "To: " + to + "\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: " + contrib + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: multipart/related;boundary=cpm; type=\"Application/X-CPM-File-Transfer\"\n"
            + "\n"
            + "--cpm\nContent-Type: Application/X-CPM-File-Transfer\n\n" + root
            + parts
            + "--cpm--\n");
    }
}

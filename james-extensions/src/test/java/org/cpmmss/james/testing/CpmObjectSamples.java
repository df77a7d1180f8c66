package org.cpmmss.james.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The CPM objects tests submit as a PF would (CRLF line ends), built from text so a test shows the exact bytes: a
 * chat message and a disposition notification. The area fixtures (CpmSamples, ImdnSamples, SecurityFixtures) build
 * on these.
 */
public final class CpmObjectSamples {
    private CpmObjectSamples() {
    }

    /** {@code text} with LF line ends turned into CRLF, UTF-8. */
    public static byte[] bytes(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A chat message asking for positive-delivery and display; {@code extra} are further outer header lines. The CPIM
     * {@code From}/{@code To} name the sender and the first outer {@code To}: a real CPIM {@code From} with an anonymous
     * CPIM {@code To} is the RCS group-chat convention (design.md, "Group or 1-1"), so 1-1 samples must not use it.
     */
    public static byte[] chat(String from, String to, String conv, String contrib, String imdnId, String text, String... extra) {
        return bytes("Date: Fri, 25 Mar 2016 10:45:41 +0100\n"
            + "From: " + from + "\n"
            + "To: " + to + "\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: " + contrib + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + String.join("", Arrays.stream(extra).map(line -> line + "\n").toList())
            + "MIME-Version: 1.0\n"
            + "Content-Type: message/cpim\n"
            + "\n"
            + "From: <" + from + ">\n"
            + "To: <" + to.split(",")[0].trim() + ">\n"
            + "NS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: " + imdnId + "\n"
            + "DateTime: 2016-03-25T10:45:40+01:00\n"
            + "imdn.Disposition-Notification: positive-delivery, display\n"
            + "\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + text + "\n");
    }

    /**
     * A disposition notification by {@code from} (the reporter) to {@code to} (the originator of message
     * {@code reported}); {@code element} is delivery-notification or display-notification, {@code status} its status.
     */
    public static byte[] notification(String from, String to, String conv, String contrib, String imdnId, String reported,
                                      String element, String status) {
        return bytes("Date: Fri, 25 Mar 2016 10:45:50 +0100\n"
            + "From: " + from + "\n"
            + "To: " + to + "\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: " + contrib + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: message/cpim\n"
            + "\n"
            + "From: <sip:anonymous@anonymous.invalid>\n"
            + "To: <sip:anonymous@anonymous.invalid>\n"
            + "NS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: " + imdnId + "\n"
            + "DateTime: 2016-03-25T10:45:50+01:00\n"
            + "\n"
            + "Content-Type: message/imdn+xml\n"
            + "Content-Disposition: notification\n"
            + "\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>" + reported + "</message-id>"
            + "<datetime>2016-03-25T09:45:50Z</datetime>"
            + "<" + element + "><status><" + status + "/></status></" + element + "></imdn>\n");
    }
}

package org.cpmmss.james.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cpmmss.james.testing.ImapConnection;

/**
 * A recorded history in the stored format (docs/object-formats.md), put into a user's folders over IMAP
 * APPEND: a 1-1 conversation with chat messages both ways, ticks by keyword and by stored notification,
 * an RCS file transfer over HTTP; a group chat with session info, two Group State Objects (the later one
 * appended first) and an OMA file transfer history with a thumbnail.
 */
public final class RecordedConversation {
    public static final String ONE_TO_ONE = "Default/tel:+33640332859";
    public static final String GROUP = "Default/conv-g1/contrib-g1";
    public static final String ANSWER_TEXT = "Hi Bob, <b>bold</b> & <script>alert(1)</script>";
    /** Texts of the 1-1 chat bubbles in time order. */
    public static final List<String> ONE_TO_ONE_TEXTS = List.of("Hello Alice", ANSWER_TEXT, "Are you coming?", "See you there");

    private RecordedConversation() {
    }

    public static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String chat(String date, String cpimDate, String from, String to, String imdnId, String direction, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return "Date: " + date + "\n"
            + "From: " + from + "\nTo: " + to + "\n"
            + "Conversation-ID: conv-11\nContribution-ID: contrib-11\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "Message-Direction: " + direction + "\n"
            + "Message-ID: <" + imdnId + "@test>\n"
            + "MIME-Version: 1.0\nContent-Type: message/cpim\n\n"
            + "From: <" + from + ">\nTo: <" + to + ">\n"
            + "NS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: " + imdnId + "\n"
            + "DateTime: " + cpimDate + "\n"
            + "imdn.Disposition-Notification: positive-delivery, display\n\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "Content-Length: " + body.length + "\n\n"
            + text + "\n";
    }

    static String displayNotification(String reported, String id) {
        return "Date: Fri, 25 Mar 2016 10:01:00 +0100\n"
            + "From: tel:+33640332859\nTo: sip:alice@example.com\n"
            + "Conversation-ID: conv-11\nContribution-ID: contrib-11\n"
            + "IMDN-Message-ID: " + id + "\nMessage-Direction: received\n"
            + "MIME-Version: 1.0\nContent-Type: message/cpim\n\n"
            + "From: <tel:+33640332859>\nTo: <sip:alice@example.com>\n"
            + "NS: imdn <urn:ietf:params:imdn>\nimdn.Message-ID: " + id + "\n"
            + "DateTime: 2016-03-25T10:01:00+01:00\n\n"
            + "Content-Type: message/imdn+xml; charset=utf-8\nContent-Disposition: notification\n\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">\n"
            + "  <message-id>" + reported + "</message-id>\n"
            + "  <datetime>2016-03-25T09:00:59.000Z</datetime>\n"
            + "  <display-notification><status><displayed/></status></display-notification>\n"
            + "</imdn>\n";
    }

    static final String FT_HTTP = """
        Date: Fri, 25 Mar 2016 10:00:20 +0100
        From: tel:+33640332859
        To: sip:alice@example.com
        Conversation-ID: conv-11
        Contribution-ID: FtHttp88a1
        IMDN-Message-ID: FtHttp88a1
        Message-Direction: received
        MIME-Version: 1.0
        Content-Type: message/cpim

        From: <tel:+33640332859>
        To: <sip:alice@example.com>
        NS: imdn <urn:ietf:params:imdn>
        imdn.Message-ID: FtHttp88a1
        DateTime: 2016-03-25T10:00:20+01:00
        imdn.Disposition-Notification: positive-delivery, display

        Content-Type: application/vnd.gsma.rcs-ft-http+xml

        <?xml version="1.0" encoding="UTF-8"?>
        <file xmlns="urn:gsma:params:xml:ns:rcs:rcs:fthttp">
          <file-info type="thumbnail">
            <file-size>7427</file-size>
            <content-type>image/jpeg</content-type>
            <data url="https://ftcontent.example.com/t/8e2f1a" until="2016-04-01T12:00:00Z"/>
          </file-info>
          <file-info type="file" file-disposition="render">
            <file-size>183524</file-size>
            <file-name>IMG_20160325.jpg</file-name>
            <content-type>image/jpeg</content-type>
            <data url="https://ftcontent.example.com/f/8e2f1a" until="2016-04-01T12:00:00Z"/>
          </file-info>
        </file>
        """;

    static final String SESSION_INFO = """
        Date: Thu, 11 Feb 2016 14:00:49 +0100
        From: tel:+33643209850
        To: sip:Conference-Factory@example.com
        Subject: Weekend plans
        Content-Type: Application/X-CPM-Session
        Conversation-ID: conv-g1
        Contribution-ID: contrib-g1
        IMDN-Message-ID: sess-g1
        Message-Direction: received

        <?xml version="1.0" encoding="UTF-8"?>
        <session><session-type>Group</session-type><invited-participants>sip:alice@example.com;tel:+33640332859</invited-participants></session>
        """;

    static String groupState(String timestamp, String participants) {
        return "Date: Thu, 11 Feb 2016 14:05:02 +0100\n"
            + "From: sip:anonymous@anonymous.invalid\nTo: sip:alice@example.com\nSubject: Weekend plans\n"
            + "Conversation-ID: conv-g1\nContribution-ID: contrib-g1\n"
            + "IMDN-Message-ID: gso-" + timestamp.hashCode() + "\nMessage-Direction: received\n"
            + "MIME-Version: 1.0\nContent-Type: Application/group-state-object+xml\n\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<groupstate timestamp=\"" + timestamp + "\" lastfocussessionid=\"sip:focus@conf.example.com\" group-type=\"Closed\">\n"
            + participants
            + "</groupstate>\n";
    }

    static final String GROUP_CHAT = """
        Date: Thu, 11 Feb 2016 14:06:13 +0100
        From: tel:+33643209850
        To: sip:Conference-Factory@example.com
        Subject: Weekend plans
        Conversation-ID: conv-g1
        Contribution-ID: contrib-g1
        IMDN-Message-ID: MsgGr0upX1
        Message-Direction: received
        MIME-Version: 1.0
        Content-Type: message/cpim

        From: <tel:+33643209850>
        To: <sip:anonymous@anonymous.invalid>
        NS: imdn <urn:ietf:params:imdn>
        imdn.Message-ID: MsgGr0upX1
        DateTime: 2016-02-11T14:06:12+01:00

        Content-Type: text/plain; charset=utf-8

        Saturday at 10?
        """;

    static final String FT_HISTORY = """
        From: sip:alice@example.com
        To: sip:Conference-Factory@example.com
        Date: Thu, 11 Feb 2016 14:07:06 +0100
        Conversation-ID: conv-g1
        Contribution-ID: ft-g1
        IMDN-Message-ID: ft-g1
        Message-Direction: sent
        MIME-Version: 1.0
        Content-Type: multipart/related;boundary=cpm; type="Application/X-CPM-File-Transfer"

        --cpm
        Content-Type: Application/X-CPM-File-Transfer

        <file-transfer-type>Ad-Hoc</file-transfer-type>
        <invited-participants>tel:+33640332859</invited-participants>
        <file-object>
          <cid>cid:&lt;1234@example.com&gt;</cid>
          <sdp>i=My picture
        a=sendonly
        a=file-selector:name:"My picture.png" type:image/png size:70
        a=file-disposition:render
        a=file-icon:cid:thumb-1234@example.com</sdp>
        </file-object>
        --cpm
        Content-Type: image/png
        Content-Transfer-Encoding: base64
        Content-ID: <1234@example.com>

        iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9
        awAAAABJRU5ErkJggg==
        --cpm
        Content-Type: image/png
        Content-Transfer-Encoding: base64
        Content-ID: <thumb-1234@example.com>

        iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9
        awAAAABJRU5ErkJggg==
        --cpm--
        """;

    /** Creates the folders and appends every object (with keywords) into the given user's store. */
    public static void record(int imapPort, String user, String password) throws IOException {
        try (ImapConnection imap = ImapConnection.login(imapPort, user, password)) {
            imap.expectOk("CREATE \"" + ONE_TO_ONE + "\"");
            imap.expectOk("CREATE \"" + GROUP + "\"");
            String peer = "tel:+33640332859";
            String me = "sip:alice@example.com";
            append(imap, ONE_TO_ONE, "(\\Seen)", chat("Fri, 25 Mar 2016 10:00:00 +0100", "2016-03-25T10:00:00+01:00",
                peer, me, "Msg1", "received", ONE_TO_ONE_TEXTS.get(0)));
            // stored out of order: the viewer orders by time
            append(imap, ONE_TO_ONE, "(\\Seen $delivered)", chat("Fri, 25 Mar 2016 10:00:10 +0100", "2016-03-25T10:00:10+01:00",
                me, peer, "Msg3", "sent", ONE_TO_ONE_TEXTS.get(2)));
            append(imap, ONE_TO_ONE, "(\\Seen $delivered $displayed)", chat("Fri, 25 Mar 2016 10:00:05 +0100", "2016-03-25T10:00:05+01:00",
                me, peer, "Msg2", "sent", ONE_TO_ONE_TEXTS.get(1)));
            append(imap, ONE_TO_ONE, "()", FT_HTTP);
            append(imap, ONE_TO_ONE, "(\\Seen)", chat("Fri, 25 Mar 2016 10:00:30 +0100", "2016-03-25T10:00:30+01:00",
                me, peer, "Msg4", "sent", ONE_TO_ONE_TEXTS.get(3)));
            append(imap, ONE_TO_ONE, "(\\Seen)", displayNotification("Msg4", "Imdn4"));

            append(imap, GROUP, "(\\Seen)", SESSION_INFO);
            append(imap, GROUP, "()", groupState("2016-02-11T14:05:01+01:00",
                "  <participant name=\"Carol\" comm-addr=\"tel:+33643209850\"/>\n"
                    + "  <participant name=\"Alice\" comm-addr=\"sip:alice@example.com\"/>\n"
                    + "  <participant name=\"Bob\" comm-addr=\"tel:+33640332859\"/>\n"));
            append(imap, GROUP, "()", groupState("2016-02-11T14:00:50+01:00",
                "  <participant name=\"Carol\" comm-addr=\"tel:+33643209850\"/>\n"
                    + "  <participant name=\"Alice\" comm-addr=\"sip:alice@example.com\"/>\n"));
            append(imap, GROUP, "()", GROUP_CHAT);
            append(imap, GROUP, "(\\Seen $delivered)", FT_HISTORY);
        }
    }

    static void append(ImapConnection imap, String folder, String flags, String object) throws IOException {
        List<String> answer = imap.commandWithLiteral("APPEND \"" + folder + "\" " + flags, crlf(object));
        String last = answer.get(answer.size() - 1);
        if (!last.contains(" OK")) {
            throw new AssertionError("APPEND failed: " + answer);
        }
    }
}

package org.cpmmss.james.sip;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.recording.preferences.CpmPreference;

/** CPIM bodies and IMAP helpers shared by the SIP tests. */
final class SipFixtures {
    static final String PASSWORD = "secret";

    private SipFixtures() {
    }

    static byte[] cpim(String from, String to, String imdnId, String text) throws Exception {
        return CpimMessage.builder()
            .from(from)
            .to(to)
            .imdnNamespace()
            .imdnMessageId(imdnId)
            .dateTime(OffsetDateTime.now(ZoneOffset.UTC).withNano(0))
            .dispositionNotification(EnumSet.of(DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY))
            .payload("text/plain; charset=utf-8", text)
            .build()
            .bytes();
    }

    /** A delivery notification from {@code reporter} to {@code originator} about {@code reportedId}. */
    static byte[] delivered(String reporter, String originator, String notificationId, String reportedId) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        return ImdnCpim.wrap(reporter, originator, notificationId, now,
            ImdnNotification.of(reportedId, now, NotificationKind.DELIVERY, ImdnStatus.DELIVERED)).bytes();
    }

    static void setPreference(int imapPort, String user, String entry, String value) throws Exception {
        try (ImapConnection imap = ImapConnection.login(imapPort, user, PASSWORD)) {
            // the contract entry name, as a user's client writes it (the IMAP door maps it to the stored key)
            String key = CpmPreference.byEntry("/private/vendor/cpm/" + entry).orElseThrow().entry();
            imap.expectOk("SETMETADATA INBOX (" + key + " \"" + value + "\")");
        }
    }

    /** UIDs of messages in {@code folder} whose header {@code name} contains {@code value} (empty if the folder is missing). */
    static List<String> search(int imapPort, String user, String folder, String name, String value) throws Exception {
        try (ImapConnection imap = ImapConnection.login(imapPort, user, PASSWORD)) {
            List<String> select = imap.command("SELECT \"" + folder + "\"");
            if (!select.get(select.size() - 1).startsWith(imap.lastTag() + " OK")) {
                return List.of();
            }
            String line = imap.expectOk("UID SEARCH HEADER " + name + " \"" + value + "\"").get(0);
            String uids = line.replaceFirst("^\\* SEARCH ?", "").trim();
            return uids.isEmpty() ? List.of() : List.of(uids.split(" "));
        }
    }

    static String fetchHeaders(int imapPort, String user, String folder, String uid) throws Exception {
        try (ImapConnection imap = ImapConnection.login(imapPort, user, PASSWORD)) {
            imap.expectOk("EXAMINE \"" + folder + "\"");
            return String.join("\n", imap.expectOk("UID FETCH " + uid + " (FLAGS BODY.PEEK[HEADER])"));
        }
    }
}

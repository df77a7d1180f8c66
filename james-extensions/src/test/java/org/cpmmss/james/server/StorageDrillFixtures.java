package org.cpmmss.james.server;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sip.message.Request;

import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.james.sip.SipTestClient;
import org.cpmmss.james.testing.ImapConnection;

/** What the storage tests (full disk, reserve) send and read back: a SIP MESSAGE, the UIDs an IMAP search answers. */
final class StorageDrillFixtures {
    private static final Pattern SEARCH = Pattern.compile("^\\* SEARCH(( \\d+)*)");

    private StorageDrillFixtures() {
    }

    /** A SIP MESSAGE (CPIM text) from {@code owner} to a user elsewhere, so that the owner is its only owner here. */
    static Request sipMessageFrom(SipTestClient pf, int sipPort, String owner, String conversation, String imdnId)
            throws Exception {
        byte[] cpim = CpimMessage.builder()
            .from("sip:" + owner)
            .to("sip:someone@elsewhere.test")
            .imdnNamespace()
            .imdnMessageId(imdnId)
            .dateTime(OffsetDateTime.now(ZoneOffset.UTC).withNano(0))
            .payload("text/plain; charset=utf-8", "hello " + imdnId)
            .build()
            .bytes();
        Map<String, String> headers = Map.of("Conversation-ID", conversation, "Contribution-ID", conversation + "-contrib");
        return pf.message("udp", sipPort, "sip:" + owner, "sip:someone@elsewhere.test", headers, "message/cpim", cpim);
    }

    /** The UIDs a {@code UID SEARCH ...} command answers in the selected folder (after a NOOP, to see new mail). */
    static List<String> searchUids(ImapConnection imap, String command) throws Exception {
        List<String> uids = new ArrayList<>();
        imap.expectOk("NOOP");
        for (String line : imap.command(command)) {
            Matcher search = SEARCH.matcher(line);
            if (search.find() && !search.group(1).isBlank()) {
                uids.addAll(List.of(search.group(1).trim().split(" ")));
            }
        }
        return uids;
    }
}

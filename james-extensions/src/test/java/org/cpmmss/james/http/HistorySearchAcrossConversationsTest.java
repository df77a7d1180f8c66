package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whole-history search is one index query over every conversation: newest first across folders, pages that
 * neither repeat nor skip, filters that need the stored object (participant) still fill their pages, and an
 * object is found by the search that follows its storage (no wait for the periodic index commit).
 */
class HistorySearchAcrossConversationsTest {
    static final String OP = "op-token-0123456789abcdef";
    static final String ALICE = "+33612345678@example.com";
    static final int FOLDERS = 12;
    static final int PER_FOLDER = 5;
    static final long BASE = 1_700_000_000_000L;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", OP + ":operator")
        .defaultDomain("example.com")
        .domain("example.com").user(ALICE, "secret")
        .build();
    static CpmHttpClient operator;

    @BeforeAll
    static void fill() throws Exception {
        operator = CpmHttpClient.bearer(server.httpPort(), OP);
        MailboxProbeImpl probe = server.guice().getProbe(MailboxProbeImpl.class);
        for (int f = 0; f < FOLDERS; f++) {
            probe.createMailbox(folder(f));
        }
        // message i lands in folder i % FOLDERS and arrives i minutes after BASE: arrival order interleaves folders
        for (int i = 0; i < FOLDERS * PER_FOLDER; i++) {
            append(probe, i, i % 3 == 0 ? "lighthouse keeper " + i : "harbour note " + i);
        }
    }

    static MailboxPath folder(int f) {
        return MailboxPath.forUser(Username.of(ALICE), "Default/tel:+336000000" + String.format("%02d", f));
    }

    static void append(MailboxProbeImpl probe, int i, String text) throws Exception {
        int f = i % FOLDERS;
        byte[] raw = HttpApiTest.chat("obj-" + i, "sent", text, "Mon, 25 Mar 2024 10:45:41 +0000")
            .replace("tel:+33640332859", "tel:+336000000" + String.format("%02d", f)).getBytes(StandardCharsets.UTF_8);
        probe.appendMessage(ALICE, folder(f), new ByteArrayInputStream(raw), new Date(BASE + i * 60_000L), false, new Flags());
    }

    static String search(String query) {
        return "/cpm/v1/users/" + ALICE + "/search?" + query;
    }

    static List<String> imdnIds(JsonNode hits) {
        List<String> ids = new ArrayList<>();
        hits.forEach(hit -> ids.add(hit.get("headers").get("imdnMessageId").asText()));
        return ids;
    }

    @Test
    void pagesWalkEveryConversationNewestFirstWithoutRepeatOrGap() throws Exception {
        List<String> seen = new ArrayList<>();
        Integer offset = 0;
        while (offset != null) {
            JsonNode page = operator.get(search("q=harbour&limit=7&offset=" + offset)).json();
            seen.addAll(imdnIds(page.get("hits")));
            offset = page.get("nextOffset").isNull() ? null : page.get("nextOffset").asInt();
        }
        List<String> expected = new ArrayList<>();
        for (int i = FOLDERS * PER_FOLDER - 1; i >= 0; i--) {
            if (i % 3 != 0) {
                expected.add("obj-" + i);
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void firstHitsComeFromDifferentConversations() throws Exception {
        JsonNode hits = operator.get(search("q=lighthouse&limit=3")).json().get("hits");
        // lighthouse objects are i = 57, 54, 51 (newest first), in folders 9, 6 and 3
        assertThat(imdnIds(hits)).containsExactly("obj-57", "obj-54", "obj-51");
        assertThat(hits.get(0).get("folder").asText()).isEqualTo(folder(9).getName());
        assertThat(hits.get(1).get("folder").asText()).isEqualTo(folder(6).getName());
    }

    @Test
    void participantFilterFillsItsPageFromFurtherIndexHits() throws Exception {
        // only folder 4's objects match the participant: 5 objects among the 60, the newest being i = 52
        JsonNode page = operator.get(search("participant=%2B33600000004&limit=4")).json();
        assertThat(imdnIds(page.get("hits"))).containsExactly("obj-52", "obj-40", "obj-28", "obj-16");
        assertThat(page.get("nextOffset").asInt()).isEqualTo(4);
        JsonNode rest = operator.get(search("participant=%2B33600000004&limit=4&offset=4")).json();
        assertThat(imdnIds(rest.get("hits"))).containsExactly("obj-4");
        assertThat(rest.get("nextOffset").isNull()).isTrue();
    }

    @Test
    void aSearchFindsWhatWasJustStored() throws Exception {
        MailboxProbeImpl probe = server.guice().getProbe(MailboxProbeImpl.class);
        byte[] raw = HttpApiTest.chat("obj-fresh", "sent", "zeppelin sighting", "Mon, 25 Mar 2024 10:45:41 +0000")
            .replace("tel:+33640332859", "tel:+33600000001").getBytes(StandardCharsets.UTF_8);
        probe.appendMessage(ALICE, folder(1), new ByteArrayInputStream(raw), new Date(BASE - 60_000L), false, new Flags());
        assertThat(imdnIds(operator.get(search("q=zeppelin")).json().get("hits"))).containsExactly("obj-fresh");
    }
}

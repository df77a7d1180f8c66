package org.cpmmss.james.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.notifications.ImdnSamples.chat;
import static org.cpmmss.james.notifications.ImdnSamples.delivered;
import static org.cpmmss.james.notifications.ImdnSamples.displayed;

import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** cpm.notifications.aggregate=true: one aggregate object per group message in the originator's folder. */
class NotificationAggregationTest {
    static final String DOMAIN = "example.com";
    static final String OPERATOR_TOKEN = "op-token-aggregate-0123456789";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.notifications.aggregate", "true")
        .cpmProperty("cpm.http.tokens", OPERATOR_TOKEN + ":operator")
        .domain(DOMAIN)
        .build();

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    @Test
    void threeMembersReportTheOriginatorKeepsOneAggregateReplacedAsItChanges() throws Exception {
        String alice = user("+33622000001");
        String bob = user("+33622000002");
        String carol = user("+33622000003");
        String dave = user("+33622000004");
        String aliceTel = "tel:+33622000001";
        List<String> all = List.of(alice, bob, carol, dave);
        String folder = "Default/ag-conv/ag-1";
        assertThat(lmtp(all, ImdnSamples.groupSessionInfo(aliceTel, "ag-conv", "ag-1", "ag-info",
            "tel:+33622000002;tel:+33622000003;tel:+33622000004"))).allMatch(r -> r.startsWith("250") && r.contains(folder));
        assertThat(lmtp(all, chat(aliceTel, "sip:conference-factory@example.com", "ag-conv", "ag-1", "ag-msg-1", "Hi all")))
            .allMatch(r -> r.startsWith("250") && r.contains(folder));

        String[][] members = {{bob, "tel:+33622000002"}, {carol, "tel:+33622000003"}, {dave, "tel:+33622000004"}};
        for (String[] m : members) {
            assertThat(lmtp(List.of(m[0], alice), delivered(m[1], aliceTel, "ag-conv", "ag-1", "ag-dlv-" + m[1], "ag-msg-1")))
                .allMatch(r -> r.startsWith("250") && r.contains("stored in"));
        }
        assertThat(lmtp(List.of(bob, alice), displayed("tel:+33622000002", aliceTel, "ag-conv", "ag-1", "ag-dsp-b", "ag-msg-1")))
            .allMatch(r -> r.startsWith("250") && r.contains("stored in"));
        // Bob's second device: suppressed, the aggregate does not change
        assertThat(lmtp(List.of(bob, alice), displayed("tel:+33622000002", aliceTel, "ag-conv", "ag-1", "ag-dsp-b2", "ag-msg-1")))
            .allMatch(r -> r.startsWith("250") && r.contains("suppressed (first-wins)"));

        try (ImdnSamples.Imap a = new ImdnSamples.Imap(server.imapPort(), alice);
             ImdnSamples.Imap b = new ImdnSamples.Imap(server.imapPort(), bob)) {
            List<String> objects = a.messages(folder);
            assertThat(objects).hasSize(3); // session info, the message, one aggregate
            assertThat(objects).noneMatch(m -> m.contains("message/imdn+xml"));
            String aggregate = objects.stream().filter(m -> m.contains("CPM-Aggregate-Of: ag-msg-1")).findFirst().orElseThrow();
            assertThat(aggregate).contains("application/vnd.cpm-mss.imdn-aggregate+json")
                .contains("\"delivered\":[\"tel:+33622000002\",\"tel:+33622000003\",\"tel:+33622000004\"]")
                .contains("\"displayed\":[\"tel:+33622000002\"]");
            assertThat(objects.stream().filter(m -> m.contains("Hi all")).findFirst().orElseThrow())
                .contains("$delivered").contains("$displayed");
            // the reporter keeps his own notifications
            assertThat(b.messages(folder).stream().filter(m -> m.contains("message/imdn+xml"))).hasSize(2);
        }

        // the same over HTTP: who delivered, who displayed, where the aggregate object is
        java.net.http.HttpResponse<String> view = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort()
                + "/cpm/v1/users/" + alice + "/dispositions/ag-msg-1")).header("Authorization", "Bearer " + OPERATOR_TOKEN).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        assertThat(view.body()).contains("\"delivered\":[\"tel:+33622000002\",\"tel:+33622000003\",\"tel:+33622000004\"]")
            .contains("\"displayed\":[\"tel:+33622000002\"]").contains("\"aggregate\":{").contains("$delivered");
    }
}

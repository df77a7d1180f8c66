package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.sip.SipFixtures.PASSWORD;
import static org.cpmmss.james.sip.SipFixtures.cpim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sip.message.Response;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.pipeline.TemporaryObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SIP door computes a hand-over's expiry ({@code Expires} in delta-seconds) with the server's injected
 * {@link Clock}, here 400 days ahead of the system clock, and the stored temporary object says so.
 */
class SipHandOverClockTest {
    static final String DOMAIN = "example.com";
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final Clock CLOCK = Clock.offset(Clock.systemUTC(), Duration.ofDays(400));

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(binder -> binder.bind(Clock.class).toInstance(CLOCK))
        .domain(DOMAIN).user(ALICE, PASSWORD).user(BOB, PASSWORD)
        .build();
    static SipTestClient pf;

    @BeforeAll
    static void client() throws Exception {
        pf = new SipTestClient();
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (pf != null) {
            pf.close();
        }
    }

    @Test
    void theHandOverExpiryFollowsTheInjectedClock() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Conversation-ID", "clock-conv");
        headers.put("Contribution-ID", "clock-contrib");
        headers.put("CPM-Delivery", "deferred-handover");
        headers.put("Expires", "3600");
        Instant before = CLOCK.instant();
        Response r = pf.send(pf.message("tcp", server.sipPort(), "sip:" + ALICE, "sip:" + BOB, headers, "message/cpim",
            cpim("sip:" + ALICE, "sip:" + BOB, "sip-clock-1", "Deferred")));
        Instant after = CLOCK.instant();
        assertThat(r.getStatusCode()).isEqualTo(200);

        String folder = "Default/sip:" + ALICE;
        List<String> uids = SipFixtures.search(server.imapPort(), BOB, folder, "IMDN-Message-ID", "sip-clock-1");
        assertThat(uids).hasSize(1);
        String headersFetched = SipFixtures.fetchHeaders(server.imapPort(), BOB, folder, uids.get(0));
        assertThat(headersFetched).contains("$cpm-temporary");
        Matcher expires = Pattern.compile("(?m)^Expires: (.+?)\\r?$").matcher(headersFetched);
        assertThat(expires.find()).as(headersFetched).isTrue();
        Instant stored = TemporaryObjects.parseDate(expires.group(1)).orElseThrow();
        assertThat(stored).isBetween(before.plusSeconds(3600).minusSeconds(1), after.plusSeconds(3601));
    }
}

package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The byte-level shaping and the expiry rule of a hand-over (no server). */
class TemporaryObjectsTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-01-10T12:00:00Z"), ZoneOffset.UTC);

    static byte[] object(String expiresLine, String disposition) {
        return ("From: tel:+1\r\nTo: tel:+2\r\nConversation-ID: c\r\nIMDN-Message-ID: m\r\nCPM-Delivery: deferred-handover\r\n"
            + expiresLine
            + "Content-Type: message/cpim\r\n\r\n"
            + "From: <tel:+1>\r\nTo: <tel:+2>\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: m\r\n"
            + disposition
            + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void expiryIsTheRequestedOneCappedElseTheDefault() throws Exception {
        Duration dflt = Duration.ofDays(7);
        Duration max = Duration.ofDays(30);
        assertThat(TemporaryObjects.expiry(object("Expires: Mon, 12 Jan 2026 12:00:00 +0000\r\n", ""), NOW, dflt, max))
            .isEqualTo(Instant.parse("2026-01-12T12:00:00Z"));
        assertThat(TemporaryObjects.expiry(object("Expires: Fri, 1 Jan 2100 00:00:00 +0000\r\n", ""), NOW, dflt, max))
            .isEqualTo(Instant.parse("2026-02-09T12:00:00Z"));
        assertThat(TemporaryObjects.expiry(object("", ""), NOW, dflt, max)).isEqualTo(Instant.parse("2026-01-17T12:00:00Z"));
        assertThat(TemporaryObjects.expiry(object("Expires: soon\r\n", ""), NOW, dflt, max)).isEqualTo(Instant.parse("2026-01-17T12:00:00Z"));
    }

    @Test
    void shapeReplacesExpiresInPlaceAndRemovesOnlyThePositiveDeliveryRequest() throws Exception {
        Instant expiry = Instant.parse("2026-01-12T12:00:00Z");
        String in = new String(object("Expires: Fri, 1 Jan 2100 00:00:00 +0000\r\n",
            "imdn.Disposition-Notification: positive-delivery, display\r\n"), StandardCharsets.UTF_8);
        String out = new String(TemporaryObjects.shape(in.getBytes(StandardCharsets.UTF_8), expiry), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo(in.replace("Expires: Fri, 1 Jan 2100 00:00:00 +0000", "Expires: " + TemporaryObjects.format(expiry))
            .replace("imdn.Disposition-Notification: positive-delivery, display", "imdn.Disposition-Notification: display"));
        assertThat(TemporaryObjects.parseDate(TemporaryObjects.format(expiry))).contains(expiry);
    }

    @Test
    void shapeAddsExpiresAndDropsADispositionHeaderLeftEmpty() throws Exception {
        Instant expiry = Instant.parse("2026-01-12T12:00:00Z");
        String in = new String(object("", "imdn.Disposition-Notification: positive-delivery\r\n"), StandardCharsets.UTF_8);
        String out = new String(TemporaryObjects.shape(in.getBytes(StandardCharsets.UTF_8), expiry), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo(in.replace("Content-Type: message/cpim\r\n", "Content-Type: message/cpim\r\nExpires: "
                + TemporaryObjects.format(expiry) + "\r\n")
            .replace("imdn.Disposition-Notification: positive-delivery\r\n", ""));
        assertThat(TemporaryObjects.isHandOver(in.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(TemporaryObjects.isHandOver(in.replace("CPM-Delivery: deferred-handover\r\n", "").getBytes(StandardCharsets.UTF_8)))
            .isFalse();
    }
}

package org.cpmmss.james.notifications;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.pipeline.DispositionNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.notifications.ImdnSamples.chat;
import static org.cpmmss.james.notifications.ImdnSamples.delivered;
import static org.cpmmss.james.notifications.ImdnSamples.displayed;

import java.util.List;

import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Disposition notifications on a real server (default policy: no aggregation): ticks, first-wins, anonymity. */
class DispositionNotificationsTest {
    static final String DOMAIN = "example.com";
    static final org.cpmmss.cpm.address.CpmAddressNormalizer NORMALIZER = new org.cpmmss.cpm.address.CpmAddressNormalizer();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new com.google.inject.AbstractModule() {
            @Override
            protected void configure() {
                com.google.inject.multibindings.Multibinder.newSetBinder(binder(), org.apache.james.utils.GuiceProbe.class)
                    .addBinding().to(MetricsProbe.class);
            }
        })
        .domain(DOMAIN)
        .build();

    /** Reads James's metric counters from inside the server. */
    public static class MetricsProbe implements org.apache.james.utils.GuiceProbe {
        private final org.apache.james.metrics.api.MetricFactory metrics;

        @javax.inject.Inject
        public MetricsProbe(org.apache.james.metrics.api.MetricFactory metrics) {
            this.metrics = metrics;
        }

        public long count(String name) {
            return metrics.generate(name).getCount();
        }
    }

    static long suppressedCount() {
        return server.guice().getProbe(MetricsProbe.class).count(DispositionNotifications.SUPPRESSED_METRIC);
    }

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    @Test
    void twoDevicesReportDeliveryAndDisplayTheOriginatorKeepsOneOfEachAndTheKeywords() throws Exception {
        String alice = user("+33611000001");
        String bob = user("+33611000002");
        String aliceTel = "tel:+33611000001";
        String bobTel = "tel:+33611000002";
        List<String> both = List.of(alice, bob);
        assertThat(lmtp(both, chat(aliceTel, bobTel, "fw-conv", "fw-1", "fw-msg-1", "Hello Bob")))
            .allMatch(r -> r.startsWith("250"));
        String aliceFolder = "Default/" + bobTel;
        String bobFolder = "Default/" + aliceTel;
        long before;
        long suppressedBefore = suppressedCount();
        try (ImdnSamples.Imap a = new ImdnSamples.Imap(server.imapPort(), alice)) {
            before = a.modseq(aliceFolder, "Hello Bob");
        }

        // Bob's phone reports delivery first, his tablet second: the tablet's is suppressed for both owners
        assertThat(lmtp(both, delivered(bobTel, aliceTel, "fw-conv", "fw-1", "fw-dlv-phone", "fw-msg-1")))
            .allMatch(r -> r.startsWith("250") && r.contains("stored in"));
        assertThat(lmtp(both, delivered(bobTel, aliceTel, "fw-conv", "fw-1", "fw-dlv-tablet", "fw-msg-1")))
            .hasSize(2).allMatch(r -> r.startsWith("250") && r.contains("suppressed (first-wins)"));
        // display: the tablet is first this time
        assertThat(lmtp(both, displayed(bobTel, aliceTel, "fw-conv", "fw-1", "fw-dsp-tablet", "fw-msg-1")))
            .allMatch(r -> r.startsWith("250") && r.contains("stored in"));
        assertThat(lmtp(both, displayed(bobTel, aliceTel, "fw-conv", "fw-1", "fw-dsp-phone", "fw-msg-1")))
            .allMatch(r -> r.startsWith("250") && r.contains("suppressed (first-wins)"));
        // a PF resend of the winning notification is an ordinary duplicate, not a suppression
        assertThat(lmtp(both, delivered(bobTel, aliceTel, "fw-conv", "fw-1", "fw-dlv-phone", "fw-msg-1")))
            .allMatch(r -> r.startsWith("250") && r.contains("already stored"));
        assertThat(suppressedCount() - suppressedBefore).isEqualTo(2);

        try (ImdnSamples.Imap a = new ImdnSamples.Imap(server.imapPort(), alice);
             ImdnSamples.Imap b = new ImdnSamples.Imap(server.imapPort(), bob)) {
            List<String> aliceObjects = a.messages(aliceFolder);
            assertThat(aliceObjects).hasSize(3);
            assertThat(aliceObjects.stream().filter(m -> m.contains("<delivered/>"))).singleElement().asString()
                .contains("fw-dlv-phone").contains("Message-Direction: received");
            assertThat(aliceObjects.stream().filter(m -> m.contains("<displayed/>"))).singleElement().asString()
                .contains("fw-dsp-tablet");
            String original = aliceObjects.stream().filter(m -> m.contains("Hello Bob")).findFirst().orElseThrow();
            assertThat(original).contains("$delivered").contains("$displayed").doesNotContain("$delivery-failed");
            assertThat(a.modseq(aliceFolder, "Hello Bob")).isGreaterThan(before);

            List<String> bobObjects = b.messages(bobFolder);
            assertThat(bobObjects).hasSize(3);
            assertThat(bobObjects.stream().filter(m -> m.contains("Message-Direction: sent"))).hasSize(2);
            assertThat(bobObjects.stream().filter(m -> m.contains("Hello Bob")).findFirst().orElseThrow())
                .contains("$read-report-sent").doesNotContain("$delivered");
        }
    }

    @Test
    void aFailedDeliveryTicksDeliveryFailedAndANotificationForAnUnknownMessageIsStillFiled() throws Exception {
        String carol = user("+33611000003");
        String dan = user("+33611000004");
        String carolTel = "tel:+33611000003";
        String danTel = "tel:+33611000004";
        assertThat(lmtp(List.of(carol, dan), chat(carolTel, danTel, "nf-conv", "nf-1", "nf-msg-1", "Lost?")))
            .allMatch(r -> r.startsWith("250"));
        assertThat(lmtp(List.of(carol, dan), ImdnSamples.notification(danTel, carolTel, "nf-conv", "nf-1", "nf-fail-1",
            "nf-msg-1", "delivery-notification", "failed"))).allMatch(r -> r.startsWith("250"));
        // Carol never recorded nf-msg-0: the notification goes to the folder its own headers give
        assertThat(lmtp(List.of(carol), delivered(danTel, carolTel, "nf-conv", "nf-1", "nf-dlv-0", "nf-msg-0")))
            .singleElement().asString().startsWith("250").contains("stored in Default/" + danTel);
        try (ImdnSamples.Imap c = new ImdnSamples.Imap(server.imapPort(), carol)) {
            List<String> objects = c.messages("Default/" + danTel);
            assertThat(objects).hasSize(3);
            assertThat(objects.stream().filter(m -> m.contains("Lost?")).findFirst().orElseThrow())
                .contains("$delivery-failed").doesNotContain("$delivered ");
        }
    }

    @Test
    void noNotificationForAnAnonymousMessage() throws Exception {
        String erin = user("+33611000005");
        String erinTel = "tel:+33611000005";
        // Erin received a message from an anonymous sender; her client's delivery report is refused
        List<String> replies = lmtp(List.of(erin), delivered(erinTel, "sip:anonymous@anonymous.invalid", "an-conv",
            "an-1", "an-dlv-1", "an-msg-1"));
        assertThat(replies).singleElement().asString().startsWith("554")
            .contains("no disposition notifications for anonymous messages");
        try (ImdnSamples.Imap e = new ImdnSamples.Imap(server.imapPort(), erin)) {
            assertThat(e.folders()).noneMatch(f -> f.startsWith("Default/"));
        }
    }

    @Test
    void twoDevicesRacingOnTwoConnectionsStoreOneNotification() throws Exception {
        String fay = user("+33611000006");
        String gus = user("+33611000007");
        String fayTel = "tel:+33611000006";
        String gusTel = "tel:+33611000007";
        List<String> both = List.of(fay, gus);
        assertThat(lmtp(both, chat(fayTel, gusTel, "rc-conv", "rc-1", "rc-msg-1", "Race"))).allMatch(r -> r.startsWith("250"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<List<String>>> replies = new java.util.ArrayList<>();
            for (int device = 1; device <= 3; device++) {
                byte[] report = displayed(gusTel, fayTel, "rc-conv", "rc-1", "rc-dsp-" + device, "rc-msg-1");
                replies.add(pool.submit(() -> lmtp(both, report)));
            }
            int stored = 0;
            int suppressed = 0;
            for (java.util.concurrent.Future<List<String>> f : replies) {
                List<String> r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r).hasSize(2).allMatch(line -> line.startsWith("250"));
                stored += r.get(0).contains("stored in") ? 1 : 0;
                suppressed += r.get(0).contains("suppressed (first-wins)") ? 1 : 0;
            }
            assertThat(stored).isEqualTo(1);
            assertThat(suppressed).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        try (ImdnSamples.Imap f = new ImdnSamples.Imap(server.imapPort(), fay)) {
            List<String> objects = f.messages("Default/" + gusTel);
            assertThat(objects.stream().filter(m -> m.contains("<displayed/>"))).hasSize(1);
            assertThat(objects.stream().filter(m -> m.contains("Race")).findFirst().orElseThrow()).contains("$displayed");
        }
    }

    @Test
    void aNegativeDeliveryNotificationForAFailedHandOverTicksDeliveryFailed() throws Exception {
        String hal = user("+33611000008");
        String hal2 = "tel:+33611000008";
        String ivy = "tel:+33611000009";
        byte[] asksNegative = new String(chat(hal2, ivy, "nd-conv", "nd-1", "nd-msg-1", "Are you there?"),
            java.nio.charset.StandardCharsets.UTF_8).replace("positive-delivery, display", "positive-delivery, negative-delivery")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(lmtp(List.of(hal), asksNegative)).allMatch(r -> r.startsWith("250"));
        java.time.OffsetDateTime now = java.time.OffsetDateTime.parse("2016-03-25T10:50:00Z");
        byte[] ndn = NegativeDeliveryNotifications.forFailedHandOver(asksNegative, ivy, now, NORMALIZER).orElseThrow();
        // generated twice: the same object, stored once
        assertThat(NegativeDeliveryNotifications.forFailedHandOver(asksNegative, ivy, now, NORMALIZER)).hasValue(ndn);
        assertThat(lmtp(List.of(hal), ndn)).singleElement().asString().startsWith("250").contains("stored in Default/" + ivy);
        assertThat(lmtp(List.of(hal), ndn)).singleElement().asString().contains("already stored");
        try (ImdnSamples.Imap h = new ImdnSamples.Imap(server.imapPort(), hal)) {
            List<String> objects = h.messages("Default/" + ivy);
            assertThat(objects).hasSize(2);
            assertThat(objects.stream().filter(m -> m.contains("Are you there?")).findFirst().orElseThrow())
                .contains("$delivery-failed");
            assertThat(objects.stream().filter(m -> m.contains("<failed/>"))).singleElement().asString()
                .contains("<message-id>nd-msg-1</message-id>").contains("From: " + ivy);
        }
        // no request for negative-delivery, or an anonymous sender: nothing to generate
        assertThat(NegativeDeliveryNotifications.forFailedHandOver(chat(hal2, ivy, "nd-conv", "nd-1", "nd-msg-2", "x"), ivy, now, NORMALIZER))
            .isEmpty();
        byte[] anonymous = new String(asksNegative, java.nio.charset.StandardCharsets.UTF_8)
            .replace("From: " + hal2 + "\r\n", "From: sip:anonymous@anonymous.invalid\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(NegativeDeliveryNotifications.forFailedHandOver(anonymous, ivy, now, NORMALIZER)).isEmpty();
    }
}
